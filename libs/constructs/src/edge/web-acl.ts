import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { IKmsKey } from '../kms/kms-key';

/** Where a web ACL can be attached. */
export enum WebAclScope {
  /** CloudFront distributions; the ACL must be created in us-east-1. */
  CLOUDFRONT = 'CLOUDFRONT',
  /** ALBs, API Gateway stages and the like, in the ACL's own region. */
  REGIONAL = 'REGIONAL',
}

/**
 * AWS managed rule groups every Strata web ACL evaluates, in priority order: OWASP-style
 * common rules, known bad inputs (Log4Shell and friends), SQL injection, Amazon's IP
 * reputation list and anonymizing proxies (VPNs, Tor, hosting providers).
 */
export const MANAGED_RULE_GROUPS: readonly string[] = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
];

/** Properties of {@link WebAcl}. */
export interface WebAclProps {
  /** The web ACL's name. */
  readonly name: string;
  /** Regional (a load balancer) or CloudFront. */
  readonly scope: WebAclScope;
  /** Requests one client IP may make in any 5-minute window before it is blocked. */
  readonly rateLimitPerFiveMinutes: number;
  /** ISO 3166 alpha-2 countries blocked outright. @default none */
  readonly blockedCountries?: readonly string[];
  /** KMS key for the WAF log group; its policy must allow CloudWatch Logs in the ACL's region. */
  readonly logKmsKey: IKmsKey;
  /** Days its logs are kept. */
  readonly logRetentionDays: number;
  /** Regional resource (ALB) to protect. @default none (CloudFront refers to the ACL itself) */
  readonly associatedResourceArn?: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** A rule of the web ACL in WAF's JSON shape (the `rule_json` argument). */
interface WafRule {
  /** The rule's name. */
  readonly Name: string;
  /** Its priority: lower runs first. */
  readonly Priority: number;
  /** What it matches. */
  readonly Statement: Record<string, unknown>;
  /** Block what matches (a rule of its own). */
  readonly Action?: {
    /** Block. */
    readonly Block: Record<string, never>;
  };
  /** Keep a managed group's own actions. */
  readonly OverrideAction?: {
    /** No override. */
    readonly None: Record<string, never>;
  };
  /** Its metrics and sampled requests. */
  readonly VisibilityConfig: {
    /** Sampled requests are kept. */
    readonly SampledRequestsEnabled: true;
    /** Metrics are published. */
    readonly CloudWatchMetricsEnabled: true;
    /** The metric's name. */
    readonly MetricName: string;
  };
}

function visibility(metricName: string): WafRule['VisibilityConfig'] {
  return { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: metricName };
}

/** The web ACL's rules: geo block first, then the rate limit, then the managed groups. */
export function webAclRules(props: {
  /** Requests one IP may make in five minutes. */
  readonly rateLimitPerFiveMinutes: number;
  /** Countries blocked (ISO 3166 codes). @default none */
  readonly blockedCountries?: readonly string[];
}): WafRule[] {
  const rules: WafRule[] = [];
  const countries = props.blockedCountries ?? [];
  if (countries.length > 0) {
    rules.push({
      Name: 'block-countries',
      Priority: rules.length,
      Statement: { GeoMatchStatement: { CountryCodes: countries } },
      Action: { Block: {} },
      VisibilityConfig: visibility('block-countries'),
    });
  }
  rules.push({
    Name: 'rate-limit-per-ip',
    Priority: rules.length,
    Statement: {
      RateBasedStatement: {
        Limit: props.rateLimitPerFiveMinutes,
        EvaluationWindowSec: 300,
        AggregateKeyType: 'IP',
      },
    },
    Action: { Block: {} },
    VisibilityConfig: visibility('rate-limit-per-ip'),
  });
  for (const group of MANAGED_RULE_GROUPS) {
    rules.push({
      Name: group,
      Priority: rules.length,
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: group } },
      OverrideAction: { None: {} },
      VisibilityConfig: visibility(group),
    });
  }
  return rules;
}

/**
 * A WAFv2 web ACL that allows by default and blocks what the rules match, with every
 * request logged (minus the Authorization header) to an encrypted `aws-waf-logs-` group.
 */
export class WebAcl extends Construct {
  /** The web acl's ARN. */
  readonly webAclArn: string;
  /** The web acl's name. */
  readonly webAclName: string;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const acl = new Wafv2WebAcl(this, 'acl', {
      provider: props.provider,
      name: props.name,
      scope: props.scope,
      defaultAction: { allow: {} },
      ruleJson: JSON.stringify(webAclRules(props)),
      visibilityConfig: {
        sampledRequestsEnabled: true,
        cloudwatchMetricsEnabled: true,
        metricName: props.name,
      },
    });
    this.node.defaultChild = acl;
    // WAF only writes to log groups whose name starts with aws-waf-logs-.
    const logs = new EncryptedLogGroup(this, 'logs', {
      provider: props.provider,
      logGroupName: `aws-waf-logs-${props.name}`,
      kmsKey: props.logKmsKey,
      retentionInDays: props.logRetentionDays,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      provider: props.provider,
      resourceArn: acl.arn,
      logDestinationConfigs: [logs.logGroupArn],
      redactedFields: [{ singleHeader: { name: 'authorization' } }],
    });
    if (props.associatedResourceArn) {
      new Wafv2WebAclAssociation(this, 'association', {
        provider: props.provider,
        resourceArn: props.associatedResourceArn,
        webAclArn: acl.arn,
      });
    }
    this.webAclArn = acl.arn;
    this.webAclName = acl.name;
  }
}
