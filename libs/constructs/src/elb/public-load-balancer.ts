import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';

/** TLS 1.3 and 1.2 only, forward-secret ciphers: the ELB policy AWS recommends. */
export const ALB_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** Where the ALB sends traffic: pods registered by IP (e.g. through a TargetGroupBinding). */
export interface LoadBalancerTargets {
  /** Port the pods serve HTTPS on. */
  readonly port: number;
  /** Port and path of the pods' readiness endpoint (plain HTTP). */
  readonly healthCheckPort: number;
  /** The path the health checks request. */
  readonly healthCheckPath: string;
  /** CIDR the targets live in (the VPC), for the ALB's only egress rules. */
  readonly cidr: string;
  /** Tags on the target group, e.g. the one that lets the load balancer controller register pods. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Properties of {@link PublicLoadBalancer}. */
export interface PublicLoadBalancerProps {
  /** At most 32 characters; also the target group and security group name. */
  readonly name: string;
  /** The VPC the resources are created in. */
  readonly vpcId: string;
  /** Public subnets, one per AZ. */
  readonly subnetIds: string[];
  /** Validated ACM certificate of the listener. */
  readonly certificateArn: string;
  /** Where the load balancer sends requests. */
  readonly targets: LoadBalancerTargets;
  /** Bucket (SSE-S3, ELB log delivery allowed) for access and connection logs. */
  readonly accessLogBucketName: string;
  /** @default true */
  readonly deletionProtection?: boolean;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An internet-facing Application Load Balancer that only speaks TLS 1.2+: port 80 answers
 * with a redirect, invalid headers are dropped, access and connection logs are on, and it
 * may only reach its targets' ports inside the VPC.
 */
export class PublicLoadBalancer extends Construct {
  /** The load balancer's ARN. */
  readonly loadBalancerArn: string;
  /** `app/<name>/<id>`: the `LoadBalancer` dimension of its CloudWatch metrics. */
  readonly loadBalancerArnSuffix: string;
  /** The DNS's name. */
  readonly dnsName: string;
  /** Hosted zone of the DNS name, for Route53 alias records. */
  readonly canonicalZoneId: string;
  /** The security group's ID. */
  readonly securityGroupId: string;
  /** The target group's ARN. */
  readonly targetGroupArn: string;
  /** `targetgroup/<name>/<id>`: the `TargetGroup` dimension of its metrics. */
  readonly targetGroupArnSuffix: string;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    const provider = props.provider;
    const group = new SecurityGroup(this, 'security-group', {
      provider,
      name: `${props.name}-alb`,
      description: `Internet-facing load balancer ${props.name}`,
      vpcId: props.vpcId,
      // Only to the targets, inline: separate egress rule resources next to the group's
      // managed `egress` would be removed by every apply of the group and re-created by the
      // next, cutting the load balancer off from its targets in between (the emulator's
      // re-plan of the edge layer caught it). Listing them also drops AWS's allow-all default.
      egress: [...new Set([props.targets.port, props.targets.healthCheckPort])].map((port) => ({
        protocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrBlocks: [props.targets.cidr],
        description: `Targets on ${port}`,
        ipv6CidrBlocks: [],
        prefixListIds: [],
        securityGroups: [],
        selfAttribute: false,
      })),
      revokeRulesOnDelete: true,
    });
    // Exception to "no open ingress", by design: this is the platform's public front door.
    // WAF, TLS-only listeners and the rate limit guard it.
    for (const port of [80, 443]) {
      new VpcSecurityGroupIngressRule(this, `ingress-${port}`, {
        provider,
        securityGroupId: group.id,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: '0.0.0.0/0',
        description: port === 443 ? 'Public HTTPS' : 'Public HTTP, redirected to HTTPS',
      });
    }
    const loadBalancer = new Lb(this, 'alb', {
      provider,
      name: props.name,
      loadBalancerType: 'application',
      internal: false,
      subnets: props.subnetIds,
      securityGroups: [group.id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: 'strictest',
      enableDeletionProtection: props.deletionProtection ?? true,
      enableHttp2: true,
      enableTlsVersionAndCipherSuiteHeaders: true,
      idleTimeout: 60,
      accessLogs: { bucket: props.accessLogBucketName, prefix: props.name, enabled: true },
      connectionLogs: {
        bucket: props.accessLogBucketName,
        prefix: `${props.name}-connections`,
        enabled: true,
      },
    });

    this.node.defaultChild = loadBalancer;
    const targetGroup = new LbTargetGroup(this, 'targets', {
      provider,
      name: props.name,
      vpcId: props.vpcId,
      targetType: 'ip',
      protocol: 'HTTPS',
      protocolVersion: 'HTTP1',
      port: props.targets.port,
      deregistrationDelay: '30',
      healthCheck: {
        enabled: true,
        protocol: 'HTTP',
        port: String(props.targets.healthCheckPort),
        path: props.targets.healthCheckPath,
        interval: 10,
        healthyThreshold: 2,
        unhealthyThreshold: 2,
        matcher: '200',
      },
      tags: props.targets.tags ? { ...props.targets.tags } : undefined,
    });
    new LbListener(this, 'https', {
      provider,
      loadBalancerArn: loadBalancer.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: ALB_TLS_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
    });
    new LbListener(this, 'http-redirect', {
      provider,
      loadBalancerArn: loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [
        {
          type: 'redirect',
          redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' },
        },
      ],
    });
    this.loadBalancerArn = loadBalancer.arn;
    this.loadBalancerArnSuffix = loadBalancer.arnSuffix;
    this.dnsName = loadBalancer.dnsName;
    this.canonicalZoneId = loadBalancer.zoneId;
    this.securityGroupId = group.id;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
  }
}
