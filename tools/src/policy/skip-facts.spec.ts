import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, LAYERS, loadEnvironments, regionCode } from '@strata/config';
import { BACKUP_TAG } from '@strata/constructs';
import { synthCompiledApp } from '../layer-apps';
import { stackEnvironment } from '../synthesized-stacks';
import { loadSkips, PolicySkip, stableResource } from './policy-gate';

/**
 * Every accepted checkov finding states a reason; each reason is a claim about the
 * synthesized platform (a control exists elsewhere, a setting follows the tier, a resource is
 * attached). Here each claim is checked against the stacks the layer apps synthesize, so a
 * reason that stops being true fails the test command with the policy gate still green.
 */
const root = findWorkspaceRoot(__dirname);
const environments = loadEnvironments(join(root, 'environments'));
const names = environments.map((env) => env.name);
const skips = loadSkips(join(root, 'tools', 'policy', 'checkov-skips.json'));

type Body = Record<string, unknown>;
interface Stack {
  readonly name: string;
  readonly layer: string;
  readonly environment: string;
  readonly resource: Record<string, Record<string, Body>>;
  readonly data: Record<string, Record<string, Body>>;
}

const outRoot = mkdtempSync(join(tmpdir(), 'strata-skip-facts-'));
const stacks: Stack[] = LAYERS.flatMap((layer) => {
  const run = synthCompiledApp(root, layer, join(outRoot, layer));
  if (run.status !== 0) throw new Error(`synth of ${layer} failed: ${run.stderr}`);
  const dir = join(outRoot, layer, 'stacks');
  return readdirSync(dir).map((name) => {
    const json = JSON.parse(readFileSync(join(dir, name, 'cdk.tf.json'), 'utf8')) as Partial<
      Pick<Stack, 'resource' | 'data'>
    >;
    return {
      name,
      layer,
      environment: stackEnvironment(name, names) ?? '',
      resource: json.resource ?? {},
      data: json.data ?? {},
    };
  });
});

/** Resources of a type whose stable name (hash suffix removed) matches `pattern` (`*` wildcards). */
function find(stack: Stack, type: string, pattern = '*'): Array<[string, Body]> {
  const matcher = new RegExp(`^${pattern.split('*').map(escape).join('.*')}$`);
  return Object.entries(stack.resource[type] ?? {})
    .filter(([name]) => matcher.test(stableResource(`${type}.${name}`).slice(type.length + 1)))
    .map(([name, body]) => [name, body]);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const where = (filter: Partial<Pick<Stack, 'layer' | 'environment'>> & { prefix?: string }) =>
  stacks.filter(
    (stack) =>
      (!filter.layer || stack.layer === filter.layer) &&
      (!filter.environment || stack.environment === filter.environment) &&
      (!filter.prefix || stack.name.startsWith(filter.prefix)),
  );

/** A reference `${type.name...}` to one of the named resources. */
const references = (value: unknown, type: string, name: string) =>
  JSON.stringify(value ?? null).includes(`${type}.${name}`);

/**
 * The bucket a logging configuration delivers to: named directly or through its policy (the
 * reference that orders the delivery after the policy allowing it).
 */
function targetBucketOf(stack: Stack, logging: Body): string | undefined {
  const direct = find(stack, 'aws_s3_bucket').find(([name]) =>
    references(logging.target_bucket, 'aws_s3_bucket', name),
  );
  if (direct) return direct[0];
  const policy = find(stack, 'aws_s3_bucket_policy').find(([name]) =>
    references(logging.target_bucket, 'aws_s3_bucket_policy', name),
  );
  return find(stack, 'aws_s3_bucket').find(([name]) =>
    references(policy?.[1].bucket, 'aws_s3_bucket', name),
  )?.[0];
}

/** All of `items`, at least one. */
function every<T>(items: readonly T[], check: (item: T) => void): void {
  expect(items.length).toBeGreaterThan(0);
  items.forEach(check);
}

const production = environments.filter((env) => env.tier === 'production').map((env) => env.name);

/** The fact behind each skip, by `<check> <first resource pattern or *>`. */
const FACTS: Record<string, () => void> = {
  'CKV_AWS_338 *': () => {
    // Only the non-production tiers are skipped: production keeps every log a year or more,
    // except the components' hot tier (its own skip).
    for (const env of production) {
      for (const stack of where({ environment: env })) {
        for (const [name, group] of find(stack, 'aws_cloudwatch_log_group')) {
          if (name.startsWith('component-logs_') && !name.includes('archive')) continue;
          expect([stack.name, name, Number(group.retention_in_days) >= 365]).toEqual([
            stack.name,
            name,
            true,
          ]);
        }
      }
    }
  },
  'CKV_AWS_338 aws_cloudwatch_log_group.component-logs_*_group': () => {
    every(where({ layer: 'data' }), (stack) => {
      const groups = find(stack, 'aws_cloudwatch_log_group', 'component-logs_*_group').filter(
        ([name]) => !name.includes('archive'),
      );
      const filters = find(stack, 'aws_cloudwatch_log_subscription_filter');
      every(groups, ([name]) =>
        expect(
          filters.some(
            ([, filter]) =>
              references(filter.log_group_name, 'aws_cloudwatch_log_group', name) &&
              references(filter.destination_arn, 'aws_kinesis_firehose_delivery_stream', ''),
          ),
        ).toBe(true),
      );
    });
  },
  'CKV2_AWS_62 aws_s3_bucket.*': () => {
    // Access is recorded instead: every bucket but the log targets logs to one.
    every(stacks, (stack) => {
      const logged = find(stack, 'aws_s3_bucket_logging').map(([, logging]) => logging.bucket);
      for (const [name] of find(stack, 'aws_s3_bucket')) {
        if (name.includes('access-logs')) continue;
        expect([
          stack.name,
          name,
          logged.some((bucket) => references(bucket, 'aws_s3_bucket', name)),
        ]).toEqual([stack.name, name, true]);
      }
    });
  },
  'CKV_AWS_144 aws_s3_bucket.*access-logs*': () => {
    // A log target receives only the logs of buckets of its own region.
    every(
      stacks.filter((stack) => find(stack, 'aws_s3_bucket_logging').length > 0),
      (stack) => {
        for (const [, logging] of find(stack, 'aws_s3_bucket_logging')) {
          const remote = /data\.terraform_remote_state\.([\w-]+)\./.exec(
            String(logging.target_bucket),
          );
          const region = /-([a-z]{2}(?:-gov)?-[a-z]+-\d)$/.exec(stack.name)?.[1];
          if (!String(logging.target_bucket).includes('${')) {
            // A bucket named outright: Strata's names carry their region's code.
            expect([stack.name, String(logging.target_bucket)]).toEqual([
              stack.name,
              expect.stringContaining(`-${regionCode(region ?? '')}-`),
            ]);
            continue;
          }
          if (remote) {
            // Another layer's log target, read from that layer's state of this stack's region.
            const config = JSON.stringify(stack.data.terraform_remote_state?.[remote[1]]?.config);
            expect([stack.name, !!region && config.includes(`/${region}/`)]).toEqual([
              stack.name,
              true,
            ]);
            continue;
          }
          const target = find(stack, 'aws_s3_bucket').find(
            ([name]) => name === targetBucketOf(stack, logging),
          );
          const source = find(stack, 'aws_s3_bucket').find(([name]) =>
            references(logging.bucket, 'aws_s3_bucket', name),
          );
          // The default provider is named or left out.
          const providerOf = (bucket?: [string, Body]) => bucket && (bucket[1].provider ?? 'aws');
          expect([stack.name, providerOf(target)]).toEqual([stack.name, providerOf(source)]);
        }
      },
    );
  },
  'CKV_AWS_144 aws_s3_bucket.canary-artifacts*': () => {
    every(where({ layer: 'observability' }), (stack) => {
      const [bucket] = find(stack, 'aws_s3_bucket', 'canary-artifacts*');
      const lifecycle = find(stack, 'aws_s3_bucket_lifecycle_configuration').find(([, config]) =>
        references(config.bucket, 'aws_s3_bucket', bucket[0]),
      );
      // Its run artifacts expire within a month.
      const days = JSON.stringify(lifecycle?.[1].rule).match(/"expiration":\[\{"days":(\d+)/);
      expect(Number(days?.[1])).toBeLessThanOrEqual(31);
    });
  },
  'CKV_AWS_144 aws_s3_bucket.buckets_*': () => {
    // Production replicates the data buckets and the state bucket.
    for (const env of production) {
      for (const layer of ['data', 'state']) {
        every(where({ environment: env, layer }), (stack) => {
          if (
            layer === 'data' &&
            !stack.name.endsWith(environments.find((e) => e.name === env)?.primaryRegion.name ?? '')
          )
            return;
          expect(find(stack, 'aws_s3_bucket_replication_configuration').length).toBeGreaterThan(0);
        });
      }
    }
  },
  'CKV_AWS_144 aws_s3_bucket.velero-bucket': () => {
    // One Velero bucket per region, each in its region's add-ons stack.
    every(
      environments.filter((env) => env.layers.cluster),
      (env) => {
        const buckets = where({ environment: env.name, prefix: 'addons-' }).flatMap((stack) =>
          find(stack, 'aws_s3_bucket', 'velero-bucket'),
        );
        expect(buckets).toHaveLength(env.regions.length);
      },
    );
  },
  'CKV_AWS_144 aws_s3_bucket.vault-snapshots-bucket': () => {
    // One per region, each carrying the tag the AWS Backup plan selects and copies across by.
    every(
      environments.filter((env) => env.layers.cluster),
      (env) => {
        const buckets = where({ environment: env.name, prefix: 'addons-' }).flatMap((stack) =>
          find(stack, 'aws_s3_bucket', 'vault-snapshots-bucket'),
        );
        expect(buckets).toHaveLength(env.regions.length);
        for (const [, bucket] of buckets)
          expect((bucket as { tags?: Record<string, string> }).tags).toMatchObject({
            [BACKUP_TAG.key]: BACKUP_TAG.value,
          });
      },
    );
  },
  'CKV_AWS_144 aws_s3_bucket.component-logs_archive_bucket': () => {
    every(where({ layer: 'data' }), (stack) => {
      if (find(stack, 'aws_cloudwatch_log_subscription_filter').length === 0) return;
      expect(find(stack, 'aws_s3_bucket', 'component-logs_archive_bucket')).toHaveLength(1);
    });
  },
  'CKV_AWS_18 aws_s3_bucket.*access-logs*': () => {
    // Log targets: they receive other buckets' logs and log nowhere themselves.
    every(
      stacks.filter((stack) => find(stack, 'aws_s3_bucket', '*access-logs*').length > 0),
      (stack) => {
        for (const [name] of find(stack, 'aws_s3_bucket', '*access-logs*')) {
          const loggings = find(stack, 'aws_s3_bucket_logging');
          expect(loggings.some(([, l]) => targetBucketOf(stack, l) === name)).toBe(true);
          expect(loggings.some(([, l]) => references(l.bucket, 'aws_s3_bucket', name))).toBe(false);
        }
      },
    );
  },
  'CKV_AWS_145 aws_s3_bucket.*access-logs*': () => {
    every(
      stacks.filter((stack) => find(stack, 'aws_s3_bucket', '*access-logs*').length > 0),
      (stack) => {
        for (const [name] of find(stack, 'aws_s3_bucket', '*access-logs*')) {
          const encryption = find(stack, 'aws_s3_bucket_server_side_encryption_configuration').find(
            ([, config]) => references(config.bucket, 'aws_s3_bucket', name),
          );
          expect(JSON.stringify(encryption?.[1].rule)).toContain('"sse_algorithm":"AES256"');
        }
      },
    );
  },
  'CKV_AWS_192 aws_wafv2_web_acl.*': () => {
    every(
      stacks.flatMap((stack) => find(stack, 'aws_wafv2_web_acl')),
      ([, acl]) => expect(String(acl.rule_json)).toContain('AWSManagedRulesKnownBadInputsRuleSet'),
    );
  },
  'CKV_AWS_175 aws_wafv2_web_acl.*': () => {
    every(
      stacks.flatMap((stack) => find(stack, 'aws_wafv2_web_acl')),
      ([, acl]) => {
        expect(String(acl.rule_json)).toContain('RateBasedStatement');
        expect(
          String(acl.rule_json).match(/ManagedRuleGroupStatement/g)?.length,
        ).toBeGreaterThanOrEqual(5);
      },
    );
  },
  'CKV2_AWS_76 aws_lb.alb': () => {
    every(where({ layer: 'edge' }), (stack) => {
      const [alb] = find(stack, 'aws_lb', 'alb');
      const association = find(stack, 'aws_wafv2_web_acl_association').find(([, a]) =>
        references(a.resource_arn, 'aws_lb', alb[0]),
      );
      const acl = find(stack, 'aws_wafv2_web_acl').find(([name]) =>
        references(association?.[1].web_acl_arn, 'aws_wafv2_web_acl', name),
      );
      expect(String(acl?.[1].rule_json)).toContain('AWSManagedRulesKnownBadInputsRuleSet');
    });
  },
  'CKV2_AWS_47 aws_cloudfront_distribution.*': () => {
    every(
      stacks.flatMap((stack) =>
        find(stack, 'aws_cloudfront_distribution').map((d) => [stack, d] as const),
      ),
      ([stack, [, distribution]]) => {
        const acl = find(stack, 'aws_wafv2_web_acl').find(([name]) =>
          references(distribution.web_acl_id, 'aws_wafv2_web_acl', name),
        );
        expect(String(acl?.[1].rule_json)).toContain('AWSManagedRulesKnownBadInputsRuleSet');
      },
    );
  },
  'CKV_AWS_86 aws_cloudfront_distribution.*': () => {
    every(
      stacks.flatMap((stack) =>
        find(stack, 'aws_cloudfront_distribution').map((d) => [stack, d] as const),
      ),
      ([stack, [name]]) => {
        const source = find(stack, 'aws_cloudwatch_log_delivery_source').find(([, s]) =>
          references(s.resource_arn, 'aws_cloudfront_distribution', name),
        );
        expect(source?.[1].log_type).toBe('ACCESS_LOGS');
        expect(find(stack, 'aws_cloudwatch_log_delivery').length).toBeGreaterThan(0);
      },
    );
  },
  'CKV_AWS_374 aws_cloudfront_distribution.*': () => {
    // Each environment's web ACLs block exactly its configured countries.
    every(
      environments.filter((env) => env.layers.edge),
      (env) => {
        for (const stack of where({ environment: env.name, layer: 'edge' })) {
          for (const [, acl] of find(stack, 'aws_wafv2_web_acl')) {
            const geo = String(acl.rule_json).includes('GeoMatchStatement');
            expect(geo).toBe(env.edge.blockedCountries.length > 0);
          }
        }
      },
    );
  },
  'CKV_AWS_310 aws_cloudfront_distribution.*': () => {
    for (const env of environments.filter((e) => e.layers.edge)) {
      for (const stack of where({ environment: env.name, layer: 'edge' })) {
        for (const [, distribution] of find(stack, 'aws_cloudfront_distribution')) {
          expect('origin_group' in distribution).toBe(env.data.replication);
        }
      }
    }
  },
  'CKV_AWS_150 aws_lb.alb': () => {
    for (const env of production) {
      every(where({ environment: env, layer: 'edge' }), (stack) =>
        expect(find(stack, 'aws_lb', 'alb')[0][1].enable_deletion_protection).toBe(true),
      );
    }
  },
  'CKV_AWS_260 aws_vpc_security_group_ingress_rule.alb_ingress-80': () => {
    every(where({ layer: 'edge' }), (stack) => {
      const listeners = find(stack, 'aws_lb_listener').filter(([, l]) => l.port === 80);
      every(listeners, ([, listener]) =>
        expect(listener.default_action).toEqual([
          expect.objectContaining({
            type: 'redirect',
            redirect: expect.objectContaining({ protocol: 'HTTPS' }),
          }),
        ]),
      );
    });
  },
  'CKV2_AWS_71 aws_acm_certificate.api-certificate': () => {
    every(where({ layer: 'edge' }), (stack) => {
      const [[, certificate]] = find(stack, 'aws_acm_certificate', 'api-certificate');
      const names = certificate.subject_alternative_names as string[];
      const wildcards = names.filter((name) => name.startsWith('*.'));
      // One wildcard, below the region's own host, which is named itself.
      expect(wildcards).toHaveLength(1);
      expect(names).toContain(wildcards[0].slice(2));
    });
  },
  'CKV_AWS_116 aws_lambda_function.*-rotation_function': () => {
    every(where({ layer: 'data' }), (stack) => {
      for (const [name] of find(stack, 'aws_lambda_function', '*-rotation_function')) {
        expect(
          find(stack, 'aws_secretsmanager_secret_rotation').some(([, r]) =>
            references(r.rotation_lambda_arn, 'aws_lambda_function', name),
          ),
        ).toBe(true);
      }
    });
  },
  'CKV_AWS_116 aws_lambda_function.database-roles_function': () => {
    every(where({ layer: 'data' }), (stack) => {
      for (const [name] of [
        ...find(stack, 'aws_lambda_function', 'database-roles_function'),
        ...find(stack, 'aws_lambda_function', 'search-roles_function'),
      ]) {
        expect(
          find(stack, 'aws_lambda_invocation').some(([, i]) =>
            references(i.function_name, 'aws_lambda_function', name),
          ),
        ).toBe(true);
      }
    });
  },
  'CKV_AWS_117 aws_lambda_function.*-rotation_function': () => {
    every(where({ layer: 'data' }), (stack) => {
      for (const [, fn] of [
        ...find(stack, 'aws_lambda_function', '*-rotation_function'),
        ...find(stack, 'aws_lambda_function', 'restore-testing_validation_function'),
      ]) {
        expect(fn.vpc_config).toBeUndefined();
      }
    });
  },
  'CKV_AWS_117 aws_lambda_function.database-roles_function': () => {
    every(where({ layer: 'data' }), (stack) => {
      for (const [, fn] of find(stack, 'aws_lambda_function', 'database-roles_function')) {
        expect(fn.vpc_config).toBeUndefined();
        // It reaches the database through the Data API.
        expect(find(stack, 'aws_rds_cluster')[0][1].enable_http_endpoint).toBe(true);
      }
    });
  },
  'CKV_AWS_272 aws_lambda_function.*-rotation_function': () => {
    every(
      where({ layer: 'data' }).flatMap((stack) => find(stack, 'aws_lambda_function')),
      ([, fn]) => expect(String(fn.source_code_hash)).not.toBe('undefined'),
    );
  },
  'CKV_AWS_272 aws_lambda_function.database-roles_function': () => {
    every(
      where({ layer: 'data' }).flatMap((stack) =>
        find(stack, 'aws_lambda_function', '*-roles_function'),
      ),
      ([, fn]) => expect(String(fn.source_code_hash)).not.toBe('undefined'),
    );
  },
  'CKV_AWS_116 aws_lambda_function.finding-remediation_function': () => {
    every(where({ layer: 'observability' }), (stack) => {
      for (const [name] of find(stack, 'aws_lambda_function', 'finding-remediation_function')) {
        // Its failures are alarmed: the Errors metric of exactly this function.
        expect(
          find(stack, 'aws_cloudwatch_metric_alarm').some(
            ([, alarm]) =>
              alarm.metric_name === 'Errors' &&
              references(
                (alarm.dimensions as Record<string, unknown>).FunctionName,
                'aws_lambda_function',
                name,
              ),
          ),
        ).toBe(true);
      }
    });
  },
  'CKV_AWS_117 aws_lambda_function.finding-remediation_function': () => {
    every(where({ layer: 'observability' }), (stack) => {
      for (const [, fn] of find(stack, 'aws_lambda_function', 'finding-remediation_function'))
        expect(fn.vpc_config).toBeUndefined();
    });
  },
  'CKV_AWS_272 aws_lambda_function.finding-remediation_function': () => {
    every(
      where({ layer: 'observability' }).flatMap((stack) =>
        find(stack, 'aws_lambda_function', 'finding-remediation_function'),
      ),
      ([, fn]) => expect(String(fn.source_code_hash)).not.toBe('undefined'),
    );
  },
  'CKV_AWS_318 aws_opensearch_domain.search_domain': () => dedicatedMasters(),
  'CKV2_AWS_59 aws_opensearch_domain.search_domain': () => dedicatedMasters(),
  'CKV_AWS_139 aws_rds_cluster.aurora_cluster': () => {
    for (const env of production) {
      every(
        where({ environment: env, layer: 'data' }).flatMap((stack) =>
          find(stack, 'aws_rds_cluster'),
        ),
        ([, cluster]) => expect(cluster.deletion_protection).toBe(true),
      );
    }
  },
  'CKV2_AWS_8 aws_rds_cluster.aurora_cluster': () => {
    // A backup selection's tag condition matches the cluster's tags.
    every(
      where({ layer: 'data' }).filter(
        (stack) => find(stack, 'aws_rds_cluster', 'aurora_cluster').length > 0,
      ),
      (stack) => {
        const tags = find(stack, 'aws_rds_cluster', 'aurora_cluster')[0][1].tags as Record<
          string,
          string
        >;
        const conditions = find(stack, 'aws_backup_selection').flatMap(([, selection]) => [
          ...JSON.stringify(selection.condition ?? []).matchAll(
            /"key":"aws:ResourceTag\/([^"]+)","value":"([^"]+)"/g,
          ),
        ]);
        expect(conditions.some(([, key, value]) => tags[key] === value)).toBe(true);
      },
    );
  },
  'CKV2_AWS_5 aws_security_group.aurora-proxy_security-group': () => {
    every(where({ layer: 'data' }), (stack) => {
      for (const [name] of find(stack, 'aws_security_group', 'aurora-proxy_security-group')) {
        expect(
          find(stack, 'aws_db_proxy').some(([, p]) =>
            references(p.vpc_security_group_ids, 'aws_security_group', name),
          ),
        ).toBe(true);
      }
    });
  },
  'CKV2_AWS_5 aws_security_group.kafka-replication_*-security-group': () => {
    const withGroups = where({ layer: 'data' }).filter(
      (stack) => find(stack, 'aws_security_group', 'kafka-replication_*-security-group').length > 0,
    );
    every(withGroups, (stack) => {
      for (const [name] of find(
        stack,
        'aws_security_group',
        'kafka-replication_*-security-group',
      )) {
        expect(
          find(stack, 'aws_msk_replicator').some(([, replicator]) =>
            references(replicator.kafka_cluster, 'aws_security_group', name),
          ),
        ).toBe(true);
      }
    });
  },
  'CKV2_AWS_5 aws_security_group.vpc_endpoints_security-group': () => {
    every(where({ environment: 'local', layer: 'network' }), (stack) =>
      expect(
        find(stack, 'aws_vpc_endpoint').filter(([, e]) => e.vpc_endpoint_type === 'Interface'),
      ).toEqual([]),
    );
  },
  'CKV_AWS_39 aws_eks_cluster.eks_cluster': () => {
    for (const env of environments.filter((e) => e.layers.cluster && e.cluster)) {
      for (const stack of where({ environment: env.name, prefix: 'cluster-' })) {
        const vpc = find(stack, 'aws_eks_cluster')[0][1].vpc_config as Body;
        const cidrs = env.cluster?.publicAccessCidrs ?? [];
        expect(vpc.endpoint_public_access).toBe(cidrs.length > 0);
        if (cidrs.length > 0) expect(vpc.public_access_cidrs).toEqual(cidrs);
      }
    }
  },
  'CKV_AWS_252 aws_cloudtrail.audit-trail': () => {
    every(
      where({ layer: 'observability' }).filter((stack) => find(stack, 'aws_cloudtrail').length > 0),
      (stack) => expect(find(stack, 'aws_cloudwatch_log_metric_filter').length).toBeGreaterThan(0),
    );
  },
  'CKV2_AWS_3 aws_guardduty_detector.threat-detection_guardduty': () => {
    // One account per environment (the local emulator's aside), findings routed per account.
    const accounts = environments.filter((env) => !env.emulator).map((env) => env.accountId);
    expect(new Set(accounts).size).toBe(accounts.length);
    every(
      where({ layer: 'observability' }).filter(
        (stack) => find(stack, 'aws_guardduty_detector').length > 0,
      ),
      (stack) =>
        expect(
          find(stack, 'aws_cloudwatch_event_rule', 'finding-routing_guardduty-*').length,
        ).toBeGreaterThan(0),
    );
  },
  'CKV2_AWS_3 aws_guardduty_detector.guardduty-regions_*_guardduty': () => {
    // Every watched region's findings reach the primary's bus, whose routes page on them.
    every(
      where({ layer: 'observability' }).filter(
        (stack) => find(stack, 'aws_guardduty_detector', 'guardduty-regions_*').length > 0,
      ),
      (stack) => {
        const detectors = find(stack, 'aws_guardduty_detector', 'guardduty-regions_*');
        const forwards = find(stack, 'aws_cloudwatch_event_target', 'guardduty-regions_*_target');
        expect(forwards.map(([, target]) => target.provider).sort()).toEqual(
          detectors.map(([, detector]) => detector.provider).sort(),
        );
        for (const [, target] of forwards)
          expect(String(target.arn)).toMatch(
            /^arn:aws:events:[a-z0-9-]+:\d{12}:event-bus\/default$/,
          );
        expect(
          find(stack, 'aws_cloudwatch_event_rule', 'finding-routing_guardduty-*').length,
        ).toBeGreaterThan(0);
      },
    );
  },
  'CKV_AWS_297 aws_scheduler_schedule.system-image-refresh_schedule': () => {
    // Nothing secret: the input names the cluster and the node group, and nothing else.
    every(
      where({ layer: 'cluster' }).filter(
        (stack) => find(stack, 'aws_scheduler_schedule', 'system-image-refresh_*').length > 0,
      ),
      (stack) => {
        for (const [, schedule] of find(stack, 'aws_scheduler_schedule', 'system-image-refresh_*'))
          expect(Object.keys(JSON.parse(String((schedule.target as Body).input)))).toEqual([
            'ClusterName',
            'NodegroupName',
          ]);
      },
    );
  },
  'CKV_AWS_61 aws_iam_role.operator_role': () => {
    // Every trust statement of a person's role requires MFA, signed in within the hour.
    every(where({ layer: 'state' }), (stack) => {
      const roles = [
        ...find(stack, 'aws_iam_role', 'operator_role'),
        ...find(stack, 'aws_iam_role', 'viewer_role'),
      ];
      expect(roles).toHaveLength(2);
      for (const [, role] of roles)
        for (const statement of JSON.parse(String(role.assume_role_policy)).Statement as Body[])
          expect(statement.Condition).toEqual({
            Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
          });
    });
  },
  'CKV2_AWS_48 aws_config_configuration_recorder.config_recorder': () => {
    for (const env of environments.filter(
      (e) => e.layers.observability && e.observability.accountServices,
    )) {
      for (const stack of where({ environment: env.name, layer: 'observability' })) {
        const primary = stack.name.endsWith(env.primaryRegion.name);
        for (const [, recorder] of find(stack, 'aws_config_configuration_recorder')) {
          expect((recorder.recording_group as Body).include_global_resource_types).toBe(primary);
        }
      }
    }
  },
  'CKV2_AWS_57 aws_secretsmanager_secret.argocd-sso-secret': () => {
    // Entered by its owner: Strata writes no value and rotates nothing there.
    every(
      where({ layer: 'cluster' }).filter(
        (stack) =>
          find(stack, 'aws_secretsmanager_secret', 'argocd-sso-secret').length > 0 ||
          find(stack, 'aws_secretsmanager_secret', 'grafana-sso-secret').length > 0,
      ),
      (stack) => {
        expect(find(stack, 'aws_secretsmanager_secret_version')).toEqual([]);
        expect(find(stack, 'aws_secretsmanager_secret_rotation')).toEqual([]);
      },
    );
  },
  'CKV2_AWS_40 aws_iam_role_policy.github_apply-*_policy': () => {
    // Every apply role policy with iam:* belongs to a role under the boundary, and the
    // boundary denies what would turn iam:* against the delivery.
    every(
      where({ layer: 'state' }).filter(
        (stack) => find(stack, 'aws_iam_policy', 'github_apply-boundary').length > 0,
      ),
      (stack) => {
        const [[boundaryName, boundary]] = find(stack, 'aws_iam_policy', 'github_apply-boundary');
        const sids = (
          JSON.parse(String(boundary.policy)) as {
            Statement: Array<{ Sid?: string; Effect: string }>;
          }
        ).Statement.filter((statement) => statement.Effect === 'Deny').map(
          (statement) => statement.Sid,
        );
        expect(sids).toEqual(
          expect.arrayContaining([
            'DeliveryIdentity',
            'Boundary',
            'OidcProvider',
            'NoLongLivedCredentials',
          ]),
        );
        const withIam = find(stack, 'aws_iam_role_policy', 'github_apply-*_policy').filter(
          ([, policy]) => String(policy.policy).includes('iam:*'),
        );
        every(withIam, ([, policy]) => {
          const role = find(stack, 'aws_iam_role').find(([name]) =>
            references(policy.role, 'aws_iam_role', name),
          );
          expect(references(role?.[1].permissions_boundary, 'aws_iam_policy', boundaryName)).toBe(
            true,
          );
        });
      },
    );
  },
  'CKV_AWS_62 aws_iam_policy.github_apply-boundary': () => boundaryOnly(),
  'CKV_AWS_63 aws_iam_policy.github_apply-boundary': () => boundaryOnly(),
  'CKV2_AWS_40 aws_iam_policy.github_apply-boundary': () => boundaryOnly(),
};

function dedicatedMasters(): void {
  for (const env of environments.filter((e) => e.layers.data)) {
    for (const stack of where({ environment: env.name, layer: 'data' })) {
      for (const [, domain] of find(stack, 'aws_opensearch_domain')) {
        const config = domain.cluster_config as Body;
        expect(config.dedicated_master_enabled).toBe(production.includes(env.name));
        if (production.includes(env.name)) expect(config.dedicated_master_count).toBe(3);
      }
    }
  }
}

/** The boundary is attached as a boundary only, never as a permission. */
function boundaryOnly(): void {
  every(
    where({ layer: 'state' }).filter(
      (stack) => find(stack, 'aws_iam_policy', 'github_apply-boundary').length > 0,
    ),
    (stack) => {
      const [[name]] = find(stack, 'aws_iam_policy', 'github_apply-boundary');
      expect(
        find(stack, 'aws_iam_role_policy_attachment').filter(([, a]) =>
          references(a.policy_arn, 'aws_iam_policy', name),
        ),
      ).toEqual([]);
      const bounded = find(stack, 'aws_iam_role').filter(([, role]) =>
        references(role.permissions_boundary, 'aws_iam_policy', name),
      );
      expect(
        bounded
          .map(([, role]) => String(role.name))
          .every((role) => role.includes('-github-apply-')),
      ).toBe(true);
      expect(bounded.length).toBeGreaterThan(0);
    },
  );
}

const keyOf = (skip: PolicySkip) => `${skip.check} ${skip.resources?.[0] ?? '*'}`;

describe('every checkov skip reason, checked against the synthesized stacks', () => {
  it('has a fact for every skip, and no fact without a skip', () => {
    expect(skips.map(keyOf).filter((key) => !(key in FACTS))).toEqual([]);
    expect(Object.keys(FACTS).filter((key) => !skips.some((skip) => keyOf(skip) === key))).toEqual(
      [],
    );
  });

  it.each(skips.map((skip) => [keyOf(skip), skip.reason.slice(0, 80)]))('%s: %s', (key) => {
    const fact = FACTS[key];
    if (!fact) throw new Error(`no fact for ${key}`);
    fact();
  });
});
