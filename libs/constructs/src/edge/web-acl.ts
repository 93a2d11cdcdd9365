import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { IKmsKey } from '../kms/kms-key';
import { API_HTTP_METHODS, API_REQUEST_LIMITS, BotControlLevel } from '../vocabulary/api-edge';

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

/** Rules of a web ACL for the hosts that serve the API. */
export interface ApiProtection {
  /** The API's host names (the routed host and each region's own). */
  readonly hosts: readonly string[];
  /** Requests one credential may make in any 5-minute window before it is blocked. */
  readonly rateLimitPerKeyPerFiveMinutes: number;
  /** The request header that carries the credential. @default 'authorization' */
  readonly keyHeader?: string;
}

/** AWS WAF Bot Control for the hosts browsers use. */
export interface BotControl {
  /** How closely it inspects. */
  readonly inspectionLevel: BotControlLevel;
  /**
   * The hosts it applies to: browser hosts (the portal). API clients are programs, which Bot
   * Control's HTTP-library category would block.
   */
  readonly hosts: readonly string[];
}

/** AWS WAF Bot Control's managed rule group. */
export const BOT_CONTROL_RULE_GROUP = 'AWSManagedRulesBotControlRuleSet';

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
  /** Methods, sizes and a rate per credential on the API hosts. @default none */
  readonly api?: ApiProtection;
  /** Bot Control on browser hosts. @default none */
  readonly botControl?: BotControl;
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

/** A statement matching requests whose Host header is one of `hosts`. */
function hostIs(hosts: readonly string[]): Record<string, unknown> {
  const statements = hosts.map((host) => ({
    ByteMatchStatement: {
      SearchString: host,
      FieldToMatch: { SingleHeader: { Name: 'host' } },
      PositionalConstraint: 'EXACTLY',
      TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
    },
  }));
  return statements.length === 1 ? statements[0] : { OrStatement: { Statements: statements } };
}

/** Both statements. */
function and(...statements: Record<string, unknown>[]): Record<string, unknown> {
  return { AndStatement: { Statements: statements } };
}

/** A request part longer than `bytes`. */
function longerThan(field: Record<string, unknown>, bytes: number): Record<string, unknown> {
  return {
    SizeConstraintStatement: {
      FieldToMatch: field,
      ComparisonOperator: 'GT',
      Size: bytes,
      TextTransformations: [{ Priority: 0, Type: 'NONE' }],
    },
  };
}

/**
 * The web ACL's rules, cheapest and surest first: the geo block, the rate per IP, the API's
 * methods, sizes and rate per credential, the managed groups, and Bot Control last (it is
 * billed per request it inspects).
 */
export function webAclRules(props: {
  /** Requests one IP may make in five minutes. */
  readonly rateLimitPerFiveMinutes: number;
  /** Countries blocked (ISO 3166 codes). @default none */
  readonly blockedCountries?: readonly string[];
  /** Rules for the API hosts. @default none */
  readonly api?: ApiProtection;
  /** Bot Control on browser hosts. @default none */
  readonly botControl?: BotControl;
}): WafRule[] {
  const rules: WafRule[] = [];
  const block = (name: string, statement: Record<string, unknown>) =>
    rules.push({
      Name: name,
      Priority: rules.length,
      Statement: statement,
      Action: { Block: {} },
      VisibilityConfig: visibility(name),
    });
  const countries = props.blockedCountries ?? [];
  if (countries.length > 0)
    block('block-countries', { GeoMatchStatement: { CountryCodes: countries } });
  block('rate-limit-per-ip', {
    RateBasedStatement: {
      Limit: props.rateLimitPerFiveMinutes,
      EvaluationWindowSec: 300,
      AggregateKeyType: 'IP',
    },
  });
  if (props.api) {
    const api = hostIs(props.api.hosts);
    block(
      'api-methods',
      and(api, {
        NotStatement: {
          Statement: {
            OrStatement: {
              Statements: API_HTTP_METHODS.map((method) => ({
                ByteMatchStatement: {
                  SearchString: method,
                  FieldToMatch: { Method: {} },
                  PositionalConstraint: 'EXACTLY',
                  TextTransformations: [{ Priority: 0, Type: 'NONE' }],
                },
              })),
            },
          },
        },
      }),
    );
    block(
      'api-sizes',
      and(api, {
        OrStatement: {
          Statements: [
            longerThan({ UriPath: {} }, API_REQUEST_LIMITS.uriPathBytes),
            longerThan({ QueryString: {} }, API_REQUEST_LIMITS.queryStringBytes),
          ],
        },
      }),
    );
    // Requests without the header are not counted here; the rate per IP covers them.
    block('api-rate-per-key', {
      RateBasedStatement: {
        Limit: props.api.rateLimitPerKeyPerFiveMinutes,
        EvaluationWindowSec: 300,
        AggregateKeyType: 'CUSTOM_KEYS',
        CustomKeys: [
          {
            Header: {
              Name: props.api.keyHeader ?? 'authorization',
              TextTransformations: [{ Priority: 0, Type: 'NONE' }],
            },
          },
        ],
        ScopeDownStatement: api,
      },
    });
  }
  const managed = (name: string, extra: Record<string, unknown> = {}) =>
    rules.push({
      Name: name,
      Priority: rules.length,
      Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name, ...extra } },
      OverrideAction: { None: {} },
      VisibilityConfig: visibility(name),
    });
  for (const group of MANAGED_RULE_GROUPS) managed(group);
  if (props.botControl) {
    managed(BOT_CONTROL_RULE_GROUP, {
      ManagedRuleGroupConfigs: [
        {
          AWSManagedRulesBotControlRuleSet: {
            InspectionLevel: props.botControl.inspectionLevel,
          },
        },
      ],
      ScopeDownStatement: hostIs(props.botControl.hosts),
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
