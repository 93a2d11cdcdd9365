import { Construct } from 'constructs';
import { TerraformProvider, Token } from 'cdktf';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster as EksClusterResource } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { cloudWatchLogsKeyStatement, KmsKey } from '../kms/kms-key';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { ClusterOidc } from './irsa-role';
import { ClusterAttributes, ICluster, ImportedCluster } from './cluster-reference';
import { awsEnvironmentOf, managedPolicyArn } from '../scope/aws-environment';
import { CLUSTER_READER_GROUP } from '../kubernetes/cluster-readers';
import { IVpc } from '../network/vpc-reference';

/** Every control-plane log type EKS can ship; audit and authenticator matter most for forensics. */
export const CONTROL_PLANE_LOG_TYPES = [
  'api',
  'audit',
  'authenticator',
  'controllerManager',
  'scheduler',
] as const;

const CLUSTER_ADMIN_POLICY = 'cluster-access-policy/AmazonEKSClusterAdminPolicy';
/** Read-only access to most objects; no Secrets (so no Helm release contents). */
const VIEW_POLICY = 'cluster-access-policy/AmazonEKSViewPolicy';

/** Properties of {@link EksCluster}. */
export interface EksClusterProps {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** Kubernetes minor version, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  /** @default the stack's account */
  readonly accountId?: string;
  /** @default the stack's region */
  readonly region?: string;
  /** The VPC the cluster runs in: its ENIs go in the private subnets. */
  readonly vpc: IVpc;
  /** CIDRs allowed to reach the private endpoint: the VPC and its peers. @default the VPC's */
  readonly privateEndpointCidrs?: readonly string[];
  /** Empty keeps the API endpoint private-only. */
  readonly publicAccessCidrs: readonly string[];
  /** IAM role ARNs that get cluster-admin through access entries. */
  readonly adminRoleArns: readonly string[];
  /**
   * IAM role ARNs that get read-only access (`AmazonEKSViewPolicy`, cluster-wide, and the
   * `CLUSTER_READER_GROUP` group for the kinds that policy does not read), e.g. a pipeline's
   * plan role.
   * @default none
   */
  readonly viewRoleArns?: readonly string[];
  /** @default 90 */
  readonly logRetentionInDays?: number;
  /**
   * Create the IAM OIDC provider, for workloads that must use IRSA. Pod Identity needs none,
   * and many organisations forbid OIDC providers in member accounts.
   * @default false
   */
  readonly oidcProvider?: boolean;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An EKS control plane that is private by default: secrets envelope-encrypted with a
 * customer-managed key, every control-plane log type kept in an encrypted log group,
 * API-only authentication through access entries (no aws-auth ConfigMap). Workloads get AWS
 * credentials through EKS Pod Identity; an OIDC provider for IRSA only on request.
 */
export class EksCluster extends Construct implements ICluster {
  /** A cluster made elsewhere, for add-ons and connections in this stack. */
  static fromClusterAttributes(
    scope: Construct,
    id: string,
    attributes: ClusterAttributes,
  ): ICluster {
    return new ImportedCluster(scope, id, attributes);
  }

  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** Control plane minor version, e.g. `1.34`. */
  readonly kubernetesVersion: string;
  /** The VPC the cluster runs in. */
  readonly vpcId: string;
  /** The cluster's ARN. */
  readonly clusterArn: string;
  /** The API server's endpoint (private). */
  readonly endpoint: string;
  /** The cluster CA's certificate, base64 PEM. */
  readonly certificateAuthorityData: string;
  /** The cluster security group's ID. */
  readonly clusterSecurityGroupId: string;
  /** Extra security group on the control-plane ENIs, for rules Strata manages. */
  readonly controlPlaneSecurityGroupId: string;
  /** The IRSA identity, when `oidcProvider` is on. */
  readonly oidc?: ClusterOidc;
  /** The KMS key that encrypts the cluster's Secrets. */
  readonly secretsKey: KmsKey;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const environment = awsEnvironmentOf(this);
    const accountId = props.accountId ?? environment.account;
    const region = props.region ?? environment.region;
    const { provider, clusterName } = props;

    this.secretsKey = new KmsKey(this, 'secrets-key', {
      provider,
      description: `EKS secrets envelope encryption for ${clusterName}`,
      alias: `${clusterName}-eks-secrets`,
      accountId: accountId,
      additionalStatements: [
        cloudWatchLogsKeyStatement(
          region,
          accountId,
          // A literal region names its own partition; a looked-up one comes with the stack's.
          Token.isUnresolved(region) ? environment.partition : undefined,
        ),
      ],
    });

    // EKS writes to this exact name; creating it first lets Strata own retention and KMS.
    const logGroup = new EncryptedLogGroup(this, 'control-plane-logs', {
      provider,
      logGroupName: `/aws/eks/${clusterName}/cluster`,
      kmsKey: this.secretsKey,
      retentionInDays: props.logRetentionInDays ?? 90,
    });

    const role = new ServiceRole(this, 'cluster-role', {
      provider,
      roleName: `${clusterName}-cluster`,
      assumeRolePolicy: serviceTrustPolicy('eks.amazonaws.com', accountId),
      managedPolicyArns: [managedPolicyArn(this, 'AmazonEKSClusterPolicy')],
    });

    const controlPlaneSg = new SecurityGroup(this, 'control-plane-sg', {
      provider,
      name: `${clusterName}-control-plane`,
      description: `Extra rules for the ${clusterName} API endpoint`,
      vpcId: props.vpc.vpcId,
      tags: { Name: `${clusterName}-control-plane` },
    });
    (props.privateEndpointCidrs ?? [props.vpc.vpcCidr]).forEach((cidr, index) => {
      new VpcSecurityGroupIngressRule(this, `api-from-network-${index}`, {
        provider,
        securityGroupId: controlPlaneSg.id,
        description: 'Kubernetes API from the VPC and its peers',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      });
    });
    new VpcSecurityGroupEgressRule(this, 'control-plane-egress', {
      provider,
      securityGroupId: controlPlaneSg.id,
      description: 'Control plane to kubelets and webhooks inside the VPC',
      ipProtocol: '-1',
      cidrIpv4: props.vpc.vpcCidr,
    });

    const cluster = new EksClusterResource(this, 'cluster', {
      provider,
      name: clusterName,
      version: props.kubernetesVersion,
      roleArn: role.roleArn,
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      vpcConfig: {
        subnetIds: [...props.vpc.privateSubnetIds],
        securityGroupIds: [controlPlaneSg.id],
        endpointPrivateAccess: true,
        endpointPublicAccess: props.publicAccessCidrs.length > 0,
        // Never AWS's 0.0.0.0/0 default: without an allow-list the endpoint stays private.
        publicAccessCidrs:
          props.publicAccessCidrs.length > 0 ? [...props.publicAccessCidrs] : undefined,
      },
      encryptionConfig: {
        resources: ['secrets'],
        provider: { keyArn: this.secretsKey.keyArn },
      },
      accessConfig: {
        authenticationMode: 'API',
        // Whoever runs `terraform apply` gets no standing admin; access is the entries below.
        bootstrapClusterCreatorAdminPermissions: false,
      },
      bootstrapSelfManagedAddons: false,
      upgradePolicy: { supportType: 'STANDARD' },
      dependsOn: [logGroup.resource],
    });

    this.node.defaultChild = cluster;

    const oidcProvider = props.oidcProvider
      ? new IamOpenidConnectProvider(this, 'oidc', {
          provider,
          url: cluster.identity.get(0).oidc.get(0).issuer,
          clientIdList: ['sts.amazonaws.com'],
        })
      : undefined;

    const grantAccess = (
      kind: string,
      principalArns: readonly string[],
      policy: string,
      kubernetesGroups?: string[],
    ) =>
      principalArns.forEach((principalArn, index) => {
        const entry = new EksAccessEntry(this, `${kind}-${index}`, {
          provider,
          clusterName: cluster.name,
          principalArn,
          type: 'STANDARD',
          kubernetesGroups,
        });
        new EksAccessPolicyAssociation(this, `${kind}-${index}-policy`, {
          provider,
          clusterName: cluster.name,
          principalArn: entry.principalArn,
          policyArn: `arn:${environment.partition}:eks::aws:${policy}`,
          accessScope: { type: 'cluster' },
        });
      });
    grantAccess('admin', props.adminRoleArns, CLUSTER_ADMIN_POLICY);
    // The group reads what the view policy leaves out (ClusterReaders, in the stack that talks
    // to the cluster, binds it).
    grantAccess('view', props.viewRoleArns ?? [], VIEW_POLICY, [CLUSTER_READER_GROUP]);

    this.clusterName = cluster.name;
    this.kubernetesVersion = props.kubernetesVersion;
    this.vpcId = props.vpc.vpcId;
    this.clusterArn = cluster.arn;
    this.endpoint = cluster.endpoint;
    this.certificateAuthorityData = cluster.certificateAuthority.get(0).data;
    this.clusterSecurityGroupId = cluster.vpcConfig.clusterSecurityGroupId;
    this.controlPlaneSecurityGroupId = controlPlaneSg.id;
    this.oidc = oidcProvider && { providerArn: oidcProvider.arn, issuerUrl: oidcProvider.url };
  }
}
