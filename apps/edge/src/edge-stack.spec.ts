import { Testing } from 'cdktf';
import {
  EnvironmentConfig,
  EnvironmentPatch,
  EnvironmentTier,
  exampleEnvironment,
  frontDoorHosts,
  RoutingPolicy,
} from '@strata/config';
import {
  EDGE_CONTRACT,
  onlyResource,
  policyOf,
  outputNames,
  remoteStateKeys,
  resourceList,
  resourcesOfType,
  SynthesizedStack,
  synthesizeStack,
} from '@strata/core';
import {
  API_HTTP_METHODS,
  BOT_CONTROL_RULE_GROUP,
  MANAGED_RULE_GROUPS,
  SANCTIONED_COUNTRIES,
} from '@strata/constructs';
import { EdgeStack } from './edge-stack';

function synthEdge(environment: EnvironmentConfig, region = 'us-east-1'): SynthesizedStack {
  return synthesizeStack(
    new EdgeStack(Testing.app(), `edge-${environment.name}-${region}`, { environment, region }),
  );
}

type Resource = Record<string, unknown>;
const all = resourceList;

const prod = exampleEnvironment();
const prodPrimary = synthEdge(prod);
const prodSecondary = synthEdge(prod, 'us-west-2');
const withEdge = (edge: EnvironmentPatch['edge']) => exampleEnvironment({ edge });

describe('EdgeStack contracts', () => {
  it.each([
    ['primary', prodPrimary],
    ['secondary', prodSecondary],
  ])('the %s exports exactly the edge contract', (_, json) => {
    expect(outputNames(json)).toEqual(Object.keys(EDGE_CONTRACT.outputs).sort());
  });

  it('reads network, cluster and data; the primary also the replica data, the secondary the zone', () => {
    expect(remoteStateKeys(prodPrimary)).toEqual([
      'cluster/prod/us-east-1/terraform.tfstate',
      'data/prod/us-east-1/terraform.tfstate',
      'data/prod/us-west-2/terraform.tfstate',
      'network/prod/us-east-1/terraform.tfstate',
    ]);
    expect(remoteStateKeys(prodSecondary)).toEqual([
      'cluster/prod/us-west-2/terraform.tfstate',
      'data/prod/us-west-2/terraform.tfstate',
      'edge/prod/us-east-1/terraform.tfstate',
      'network/prod/us-west-2/terraform.tfstate',
    ]);
  });

  it('creates the hosted zone only in the primary, and none when config names an existing one', () => {
    expect(all(prodPrimary, 'aws_route53_zone')).toHaveLength(1);
    expect(all(prodSecondary, 'aws_route53_zone')).toHaveLength(0);
    const existing = synthEdge(withEdge({ hostedZoneId: 'Z0123456789ABC' }));
    expect(all(existing, 'aws_route53_zone')).toHaveLength(0);
    expect(all(existing, 'aws_route53_health_check').length).toBeGreaterThan(0);
    expect(
      all(existing, 'aws_route53_record').every((record) => record.zone_id === 'Z0123456789ABC'),
    ).toBe(true);
  });
});

describe('EdgeStack failover path', () => {
  const apiRecord = (json: SynthesizedStack) =>
    all(json, 'aws_route53_record').find((record) => record.name === prod.dnsDomain) as Resource;

  it('health-checks each region over HTTPS 443 every 30 s, unhealthy after 3 failures', () => {
    for (const json of [prodPrimary, prodSecondary]) {
      const endpointChecks = all(json, 'aws_route53_health_check').filter(
        (check) => check.type === 'HTTPS',
      );
      expect(endpointChecks).toHaveLength(1);
      expect(endpointChecks[0]).toMatchObject({
        type: 'HTTPS',
        port: 443,
        request_interval: 30,
        failure_threshold: 3,
        resource_path: '/healthz',
        enable_sni: true,
        fqdn: expect.stringContaining('aws_lb.alb_'),
      });
    }
  });

  it('routes the API host PRIMARY to the primary and SECONDARY to the secondary, each on its health check', () => {
    expect(apiRecord(prodPrimary)).toMatchObject({
      type: 'A',
      set_identifier: 'us-east-1',
      failover_routing_policy: { type: 'PRIMARY' },
      health_check_id: expect.stringContaining('aws_route53_health_check.'),
      alias: { evaluate_target_health: true },
    });
    expect(apiRecord(prodSecondary)).toMatchObject({
      set_identifier: 'us-west-2',
      failover_routing_policy: { type: 'SECONDARY' },
      zone_id: expect.stringContaining('data.terraform_remote_state.primary-edge'),
    });
  });

  it('sends traffic back to the primary only once the database writer is there, never ahead of it', () => {
    const checks = Object.entries(
      (prodPrimary.resource as Record<string, Record<string, Resource>>).aws_route53_health_check,
    );
    const reference = (key: string) => `\${aws_route53_health_check.${key}.id}`;
    const [endpointKey] = checks.find(([, check]) => check.type === 'HTTPS') ?? [];
    const [writerKey, writer] =
      checks.find(([, check]) => check.type === 'CLOUDWATCH_METRIC') ?? [];
    const [combinedKey, combined] = checks.find(([, check]) => check.type === 'CALCULATED') ?? [];
    // The primary's records follow both: the endpoint answers and the writer is here.
    expect(combined).toMatchObject({
      child_healthchecks: [reference(String(endpointKey)), reference(String(writerKey))],
      child_health_threshold: 2,
    });
    expect(apiRecord(prodPrimary).health_check_id).toBe(reference(String(combinedKey)));
    // The writer test: this region's cluster reports replication lag only while it replicates
    // from a writer elsewhere.
    const alarm = onlyResource(prodPrimary, 'aws_cloudwatch_metric_alarm');
    expect(writer).toMatchObject({
      cloudwatch_alarm_name: expect.stringContaining('aws_cloudwatch_metric_alarm.'),
      cloudwatch_alarm_region: 'us-east-1',
      insufficient_data_health_status: 'Healthy',
    });
    expect(alarm).toMatchObject({
      namespace: 'AWS/RDS',
      metric_name: 'AuroraGlobalDBReplicationLag',
      dimensions: {
        DBClusterIdentifier:
          '${data.terraform_remote_state.data.outputs.databaseClusterIdentifier}',
      },
      statistic: 'SampleCount',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      treat_missing_data: 'notBreaching',
    });
    // The secondary takes traffic whenever the primary is out: on its endpoint alone.
    expect(all(prodSecondary, 'aws_route53_health_check')).toHaveLength(1);
  });

  it('offers latency and weighted routing as a config choice', () => {
    const latency = apiRecord(synthEdge(withEdge({ routing: RoutingPolicy.LATENCY }), 'us-west-2'));
    expect(latency.latency_routing_policy).toEqual({ region: 'us-west-2' });
    expect(latency.failover_routing_policy).toBeUndefined();
    const weighted = apiRecord(
      synthEdge(
        withEdge({ routing: RoutingPolicy.WEIGHTED, weights: { primary: 90, secondary: 10 } }),
      ),
    );
    expect(weighted.weighted_routing_policy).toEqual({ weight: 90 });
  });
});

describe('EdgeStack regional front door', () => {
  it('terminates TLS 1.2+ on the ALB with a DNS-validated certificate and redirects HTTP', () => {
    const listeners = all(prodPrimary, 'aws_lb_listener');
    expect(listeners.find((listener) => listener.port === 443)).toMatchObject({
      protocol: 'HTTPS',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      certificate_arn: expect.stringContaining('aws_acm_certificate_validation.'),
    });
    expect(listeners.find((listener) => listener.port === 80)).toMatchObject({
      default_action: [
        { type: 'redirect', redirect: { protocol: 'HTTPS', status_code: 'HTTP_301' } },
      ],
    });
    expect(onlyResource(prodPrimary, 'aws_lb')).toMatchObject({
      internal: false,
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
      access_logs: { enabled: true },
    });
    // Every front-door host: the routed API and portal, the region's host and the per-region
    // hosts below it (Argo CD, published by external-dns).
    expect(onlyResource(prodSecondary, 'aws_acm_certificate')).toMatchObject({
      domain_name: 'api.strata.example.com',
      subject_alternative_names: [
        'portal.api.strata.example.com',
        'us-west-2.api.strata.example.com',
        '*.us-west-2.api.strata.example.com',
      ],
      validation_method: 'DNS',
    });
  });

  it('routes the portal host like the API, on the same health check', () => {
    const records = all(prodPrimary, 'aws_route53_record');
    const api = records.find((record) => record.name === 'api.strata.example.com') as Resource;
    const portal = records.find(
      (record) => record.name === 'portal.api.strata.example.com',
    ) as Resource;
    expect(portal).toMatchObject({
      failover_routing_policy: api.failover_routing_policy,
      health_check_id: api.health_check_id,
      alias: api.alias,
    });
  });

  it('lets the ALB reach only the gateway ports inside the VPC, and binds the gateway pods', () => {
    // Inline in the group, never beside it as rule resources (they would flap on every apply).
    expect(all(prodPrimary, 'aws_vpc_security_group_egress_rule')).toEqual([]);
    const group = onlyResource(prodPrimary, 'aws_security_group') as {
      egress: Array<{ from_port: number; to_port: number; cidr_blocks: string[] }>;
    };
    expect(group.egress.map((rule) => [rule.from_port, rule.to_port]).sort()).toEqual([
      [15021, 15021],
      [8443, 8443],
    ]);
    expect(group.egress.every((rule) => String(rule.cidr_blocks).includes('vpcCidr'))).toBe(true);
    const binding = onlyResource(prodPrimary, 'kubernetes_manifest') as {
      manifest: { kind: string; spec: Record<string, unknown> };
    };
    expect(binding.manifest.kind).toBe('TargetGroupBinding');
    expect(binding.manifest.spec).toMatchObject({
      serviceRef: { name: 'istio-ingressgateway', port: 443 },
      targetType: 'ip',
    });
  });

  it('puts a regional WAF with managed groups, a rate limit and logging on the ALB', () => {
    const acl = all(prodSecondary, 'aws_wafv2_web_acl')[0];
    expect(acl.scope).toBe('REGIONAL');
    const rules = JSON.parse(String(acl.rule_json)) as Array<{
      Name: string;
      Statement: Record<string, { Limit?: number }>;
    }>;
    expect(rules.map((rule) => rule.Name)).toEqual([
      'block-countries',
      'rate-limit-per-ip',
      'api-methods',
      'api-sizes',
      'api-rate-per-key',
      ...MANAGED_RULE_GROUPS,
      BOT_CONTROL_RULE_GROUP,
    ]);
    expect(rules[1].Statement.RateBasedStatement.Limit).toBe(2000);
    expect(onlyResource(prodSecondary, 'aws_wafv2_web_acl_association')).toBeDefined();
    expect(onlyResource(prodSecondary, 'aws_wafv2_web_acl_logging_configuration')).toMatchObject({
      redacted_fields: [{ single_header: { name: 'authorization' } }],
    });
    const logGroup = all(prodSecondary, 'aws_cloudwatch_log_group')[0];
    expect(logGroup.name).toMatch(/^aws-waf-logs-/);
    expect(logGroup.kms_key_id).toBeDefined();
  });

  it('blocks the configured countries first', () => {
    const json = synthEdge(withEdge({ blockedCountries: ['KP', 'IR'] }), 'us-west-2');
    const rules = JSON.parse(String(all(json, 'aws_wafv2_web_acl')[0].rule_json)) as Array<{
      Name: string;
      Statement: { GeoMatchStatement?: { CountryCodes: string[] } };
    }>;
    expect(rules[0].Statement.GeoMatchStatement?.CountryCodes).toEqual(['KP', 'IR']);
  });

  // The reason the policy gate accepts CKV_AWS_374 (no geo restriction on the distribution).
  it('blocks them in the web ACL CloudFront uses too, and nowhere when none are listed', () => {
    const geoRules = (json: typeof prodPrimary) => {
      const distribution = onlyResource(json, 'aws_cloudfront_distribution');
      const [, aclName] =
        /aws_wafv2_web_acl\.([^.]+)\.arn/.exec(String(distribution.web_acl_id)) ?? [];
      const acl = resourcesOfType(json, 'aws_wafv2_web_acl')[aclName ?? ''];
      expect(acl?.scope).toBe('CLOUDFRONT');
      return (
        JSON.parse(String(acl.rule_json)) as Array<{
          Statement: { GeoMatchStatement?: { CountryCodes: string[] } };
        }>
      ).flatMap((rule) => rule.Statement.GeoMatchStatement?.CountryCodes ?? []);
    };
    expect(geoRules(synthEdge(withEdge({ blockedCountries: ['KP'] }), 'us-east-1'))).toEqual([
      'KP',
    ]);
    // By default the sanctioned countries; an environment's empty list blocks none.
    expect(geoRules(prodPrimary)).toEqual([...SANCTIONED_COUNTRIES]);
    expect(geoRules(synthEdge(withEdge({ blockedCountries: [] }), 'us-east-1'))).toEqual([]);
  });

  type Statement = Record<string, unknown>;
  const regionalRules = (json: typeof prodPrimary) =>
    new Map(
      (
        JSON.parse(
          String(all(json, 'aws_wafv2_web_acl').find((acl) => acl.scope === 'REGIONAL')?.rule_json),
        ) as Array<{ Name: string; Statement: Statement }>
      ).map((rule) => [rule.Name, rule.Statement]),
    );
  /** The host names a statement's Host header matches. */
  const hostsOf = (statement: unknown): string[] =>
    JSON.stringify(statement)
      .match(/"SearchString":"[^"]+","FieldToMatch":\{"SingleHeader":\{"Name":"host"/g)
      ?.map((match) => match.split('"')[3]) ?? [];

  it("limits the API hosts' methods, sizes and rate per credential, and only theirs", () => {
    const rules = regionalRules(prodPrimary);
    const hosts = frontDoorHosts(prod, 'us-east-1');
    const apiHosts = [hosts.api, hosts.regional];
    for (const name of ['api-methods', 'api-sizes', 'api-rate-per-key'])
      expect(hostsOf(rules.get(name)).sort()).toEqual([...apiHosts].sort());
    expect(JSON.stringify(rules.get('api-methods'))).toContain('"NotStatement"');
    for (const method of API_HTTP_METHODS)
      expect(JSON.stringify(rules.get('api-methods'))).toContain(`"SearchString":"${method}"`);
    const perKey = rules.get('api-rate-per-key') as {
      RateBasedStatement: { Limit: number; CustomKeys: Array<{ Header: { Name: string } }> };
    };
    expect(perKey.RateBasedStatement.Limit).toBe(prod.edge.apiRateLimitPerKeyPerFiveMinutes);
    expect(perKey.RateBasedStatement.CustomKeys[0].Header.Name).toBe('authorization');
  });

  it('puts Bot Control on the portal host only, at the level the environment names', () => {
    const bot = regionalRules(prodPrimary).get(BOT_CONTROL_RULE_GROUP) as {
      ManagedRuleGroupStatement: {
        ManagedRuleGroupConfigs: Array<Record<string, { InspectionLevel: string }>>;
        ScopeDownStatement: Statement;
      };
    };
    expect(hostsOf(bot.ManagedRuleGroupStatement.ScopeDownStatement)).toEqual([
      frontDoorHosts(prod, 'us-east-1').portal,
    ]);
    expect(bot.ManagedRuleGroupStatement.ManagedRuleGroupConfigs).toEqual([
      { AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } },
    ]);
    const targeted = regionalRules(synthEdge(withEdge({ botControl: 'targeted' }), 'us-east-1'));
    expect(JSON.stringify(targeted.get(BOT_CONTROL_RULE_GROUP))).toContain('"TARGETED"');
    const off = regionalRules(synthEdge(withEdge({ botControl: 'off' }), 'us-east-1'));
    expect(off.has(BOT_CONTROL_RULE_GROUP)).toBe(false);
  });
});

describe('EdgeStack static assets (primary region)', () => {
  const distribution = onlyResource(prodPrimary, 'aws_cloudfront_distribution') as Resource & {
    origin: Array<Record<string, unknown>>;
    viewer_certificate: Record<string, unknown>;
    default_cache_behavior: Record<string, unknown>;
    custom_error_response: Array<Record<string, unknown>>;
    origin_group: Array<{ member: unknown[] }>;
  };

  it('serves static.<domain> over HTTPS only with TLS 1.2 (2021) and a us-east-1 certificate', () => {
    expect(distribution.aliases).toEqual(['static.api.strata.example.com']);
    expect(distribution.viewer_certificate).toMatchObject({
      minimum_protocol_version: 'TLSv1.2_2021',
      ssl_support_method: 'sni-only',
    });
    expect(distribution.default_cache_behavior.viewer_protocol_policy).toBe('redirect-to-https');
    const certificates = all(prodPrimary, 'aws_acm_certificate');
    expect(certificates.map((certificate) => certificate.domain_name).sort()).toEqual([
      'api.strata.example.com',
      'static.api.strata.example.com',
    ]);
  });

  it('reads both buckets through OAC with Origin Shield, failing over to the replica', () => {
    expect(onlyResource(prodPrimary, 'aws_cloudfront_origin_access_control')).toMatchObject({
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
    expect(distribution.origin.map((origin) => origin.origin_shield)).toEqual([
      { enabled: true, origin_shield_region: 'us-east-1' },
      { enabled: true, origin_shield_region: 'us-west-2' },
    ]);
    expect(distribution.origin_group[0].member).toHaveLength(2);
    expect(all(prodSecondary, 'aws_cloudfront_distribution')).toHaveLength(0);
  });

  it('adds security headers, custom error pages, access logs and a CloudFront-scope WAF', () => {
    expect(onlyResource(prodPrimary, 'aws_cloudfront_response_headers_policy')).toMatchObject({
      security_headers_config: {
        strict_transport_security: {
          include_subdomains: true,
          access_control_max_age_sec: 63072000,
        },
        frame_options: { frame_option: 'DENY' },
        content_type_options: { override: true },
      },
    });
    expect(distribution.custom_error_response.map((page) => page.error_code)).toEqual([
      403, 404, 500, 502, 503, 504,
    ]);
    expect(onlyResource(prodPrimary, 'aws_cloudwatch_log_delivery_source')).toMatchObject({
      log_type: 'ACCESS_LOGS',
    });
    const scopes = all(prodPrimary, 'aws_wafv2_web_acl').map((acl) => acl.scope);
    expect(scopes.sort()).toEqual(['CLOUDFRONT', 'REGIONAL']);
    expect(distribution.web_acl_id).toContain('aws_wafv2_web_acl.');
  });

  it('has no failover origin when data does not replicate', () => {
    const staging = exampleEnvironment({ name: 'staging', tier: EnvironmentTier.STAGING });
    const json = synthEdge({ ...staging, data: { ...staging.data, replication: false } });
    const single = onlyResource(json, 'aws_cloudfront_distribution') as { origin: unknown[] };
    expect(single.origin).toHaveLength(1);
  });
});

describe('EdgeStack security switches', () => {
  it('protects the ALB, zone and distribution with Shield Advanced only when switched on', () => {
    expect(all(prodPrimary, 'aws_shield_protection')).toHaveLength(0);
    const shielded = synthEdge(withEdge({ shieldAdvanced: true }));
    expect(all(shielded, 'aws_shield_protection')).toHaveLength(3);
  });

  it('keeps every log key usable only by CloudWatch Logs', () => {
    const logKeys = all(prodPrimary, 'aws_kms_key').filter((key) => !key.key_usage);
    expect(logKeys.length).toBeGreaterThan(0);
    for (const key of logKeys) {
      const statements = policyOf(key).Statement;
      expect(JSON.stringify(statements)).toContain('logs.');
      expect(key.enable_key_rotation).toBe(true);
    }
  });

  it('signs the zone it owns with DNSSEC, from a signing key only Route53 DNSSEC may use', () => {
    const signing = all(prodPrimary, 'aws_kms_key').filter(
      (key) => key.key_usage === 'SIGN_VERIFY',
    );
    expect(signing).toHaveLength(1);
    expect(signing[0]).toMatchObject({
      customer_master_key_spec: 'ECC_NIST_P256',
      enable_key_rotation: false,
    });
    const services = policyOf(signing[0])
      .Statement.filter(
        (statement) =>
          statement.Principal && JSON.stringify(statement.Principal).includes('Service'),
      )
      .map((statement) => (statement.Principal as { Service: string }).Service);
    expect(services).toEqual(['dnssec-route53.amazonaws.com', 'dnssec-route53.amazonaws.com']);
    expect(onlyResource(prodPrimary, 'aws_route53_key_signing_key')).toMatchObject({
      name: 'ksk1',
    });
    expect(all(prodPrimary, 'aws_route53_hosted_zone_dnssec')).toHaveLength(1);
    // The DS record to publish in the parent zone is a contract output.
    expect(prodPrimary.output?.dnssecDsRecord.value).toMatch(
      /aws_route53_key_signing_key\.\S+\.ds_record/,
    );
    // A secondary region reads the zone and signs nothing.
    expect(all(prodSecondary, 'aws_route53_key_signing_key')).toHaveLength(0);
  });

  it('logs the DNS queries of the zone it owns, in us-east-1 where Route53 writes them', () => {
    const queryLog = onlyResource(prodPrimary, 'aws_route53_query_log');
    expect(String(queryLog.cloudwatch_log_group_arn)).toContain('aws_cloudwatch_log_group.');
    const group = all(prodPrimary, 'aws_cloudwatch_log_group').find((g) =>
      String(g.name).startsWith('/aws/route53/'),
    )!;
    expect(group).toMatchObject({
      name: '/aws/route53/api.strata.example.com',
      retention_in_days: 365,
    });
    // The primary is us-east-1 here, so its default provider is the right one.
    expect(group.provider ?? 'aws').toBe('aws');
  });
});
