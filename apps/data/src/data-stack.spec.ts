import { Testing } from 'cdktf';
import { EnvironmentConfig, EnvironmentTier, exampleEnvironment } from '@strata/config';
import {
  DATA_CONTRACT,
  onlyResource,
  policyOf,
  outputNames,
  remoteStateKeys,
  resourceList,
  SynthesizedStack,
  synthesizeStack,
} from '@strata/core';
import { DataStack } from './data-stack';
import {
  catalogueEntries,
  componentDatabaseRoles,
  PLATFORM_QUEUES,
} from '@strata/constructs/vocabulary';

function synthData(environment: EnvironmentConfig, region = 'us-east-1'): SynthesizedStack {
  return synthesizeStack(
    new DataStack(Testing.app(), `data-${environment.name}-${region}`, { environment, region }),
  );
}

type Resource = Record<string, unknown>;
const all = resourceList;

const prod = exampleEnvironment();
const dev = exampleEnvironment({
  name: 'dev',
  tier: EnvironmentTier.DEVELOPMENT,
  regions: { secondary: null },
  network: { azCount: 2 },
});
const prodPrimary = synthData(prod);
const prodSecondary = synthData(prod, 'us-west-2');
const devStack = synthData(dev);

describe('DataStack contract', () => {
  it.each([
    ['prod primary', prodPrimary],
    ['prod secondary', prodSecondary],
    ['dev', devStack],
  ])('%s exports exactly the data contract', (_, json) => {
    expect(outputNames(json)).toEqual(Object.keys(DATA_CONTRACT.outputs).sort());
  });

  it('reads the network contract, and the secondary also reads the primary data contract', () => {
    const remoteStates = remoteStateKeys;
    expect(remoteStates(prodPrimary)).toEqual(['network/prod/us-east-1/terraform.tfstate']);
    expect(remoteStates(prodSecondary).sort()).toEqual([
      'data/prod/us-east-1/terraform.tfstate',
      'network/prod/us-west-2/terraform.tfstate',
    ]);
  });
});

describe('Aurora PostgreSQL', () => {
  it('creates the global database in the primary region, encrypted and protected', () => {
    const global = onlyResource(prodPrimary, 'aws_rds_global_cluster');
    expect(global).toMatchObject({
      global_cluster_identifier: 'strata-prod-platform',
      engine: 'aurora-postgresql',
      storage_encrypted: true,
      deletion_protection: true,
    });
    const cluster = onlyResource(prodPrimary, 'aws_rds_cluster');
    expect(cluster).toMatchObject({
      storage_encrypted: true,
      iam_database_authentication_enabled: true,
      backup_retention_period: 35,
      deletion_protection: true,
      skip_final_snapshot: false,
      enabled_cloudwatch_logs_exports: ['postgresql'],
    });
    expect(String(cluster.kms_key_id)).toContain('aws_kms_key.keys_database');
    expect(String(cluster.global_cluster_identifier)).toContain('aws_rds_global_cluster');
    // Aurora cannot manage a global member's password: it comes from Secrets Manager, written once.
    expect(cluster.manage_master_user_password).toBeUndefined();
    expect(String(cluster.master_password)).toContain('aws_secretsmanager_random_password');
    expect((cluster.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain(
      'master_password',
    );
  });

  it('replicates the global master secret to the secondary region under a key there', () => {
    const secret = all(prodPrimary, 'aws_secretsmanager_secret').find((candidate) =>
      String(candidate.name).endsWith('/master'),
    );
    expect(secret?.replica).toEqual([
      { region: 'us-west-2', kms_key_id: expect.stringContaining('replica-keys_database') },
    ]);
  });

  it('runs Multi-AZ private instances with Performance Insights and Enhanced Monitoring', () => {
    const instances = all(prodPrimary, 'aws_rds_cluster_instance');
    expect(instances).toHaveLength(3);
    for (const instance of instances) {
      expect(instance).toMatchObject({
        publicly_accessible: false,
        performance_insights_enabled: true,
        monitoring_interval: 15,
      });
      expect(String(instance.performance_insights_kms_key_id)).toContain('keys_database');
    }
  });

  it('enforces TLS through the cluster parameter group', () => {
    const parameters = onlyResource(prodPrimary, 'aws_rds_cluster_parameter_group') as {
      family: string;
      parameter: Array<{ name: string; value: string }>;
    };
    expect(parameters.family).toBe('aurora-postgresql16');
    expect(parameters.parameter).toEqual(
      expect.arrayContaining([
        { name: 'rds.force_ssl', value: '1' },
        { name: 'ssl_min_protocol_version', value: 'TLSv1.2' },
      ]),
    );
  });

  it('joins the global database from the secondary region without credentials of its own', () => {
    expect(all(prodSecondary, 'aws_rds_global_cluster')).toEqual([]);
    const cluster = onlyResource(prodSecondary, 'aws_rds_cluster');
    expect(String(cluster.global_cluster_identifier)).toContain(
      'data.terraform_remote_state.primary-data.outputs.globalClusterIdentifier',
    );
    expect(cluster.master_username).toBeUndefined();
    expect(cluster.master_password).toBeUndefined();
    expect(String(cluster.kms_key_id)).toContain('aws_kms_key.keys_database');
  });

  /** The `rds-db:connect` resources of the policy whose role the proxy assumes. */
  const proxyLogins = (json: SynthesizedStack) => {
    const policy = all(json, 'aws_iam_role_policy').find((candidate) =>
      String(candidate.role).includes('aurora-proxy_role'),
    );
    const statements = policyOf(policy ?? {}).Statement;
    expect(statements.flatMap((statement) => [statement.Action].flat())).toEqual(
      statements.map(() => 'rds-db:connect'),
    );
    return statements.flatMap((statement) => [statement.Resource].flat()).map(String);
  };

  it.each([
    ['prod primary', prodPrimary],
    ['prod secondary', prodSecondary],
    ['dev', devStack],
  ])(
    "%s: a TLS proxy with IAM end to end, logging in as exactly the components' roles",
    (_, json) => {
      const proxy = onlyResource(json, 'aws_db_proxy');
      expect(proxy).toMatchObject({ require_tls: true, default_auth_scheme: 'IAM_AUTH' });
      // No secret: the proxy reads no password, so none can leak from it or go stale.
      expect(proxy.auth).toBeUndefined();
      const target = onlyResource(json, 'aws_db_proxy_target');
      expect(String(target.db_cluster_identifier)).toContain('aws_rds_cluster.');
      const logins = proxyLogins(json);
      expect(logins.map((arn) => arn.split('/').pop()).sort()).toEqual(
        [...componentDatabaseRoles()].sort(),
      );
      for (const arn of logins) {
        expect(arn).toMatch(
          /^arn:aws:rds-db:us-(east-1|west-2):\d{12}:dbuser:\$\{aws_rds_cluster\.[^}]+\.cluster_resource_id\}\//,
        );
      }
      expect(onlyResource(json, 'aws_rds_cluster')).toMatchObject({
        iam_database_authentication_enabled: true,
        enable_http_endpoint: true,
      });
    },
  );

  it.each([
    ['prod primary', prodPrimary],
    ['dev', devStack],
  ])(
    '%s: the writer region creates the roles through the Data API with the master secret',
    (_, json) => {
      const invocation = all(json, 'aws_lambda_invocation').find((candidate) =>
        String(candidate.function_name).includes('database-roles'),
      ) as Resource;
      const input = JSON.parse(String(invocation.input)) as {
        database: string;
        secretArn: string;
        statements: string[];
      };
      expect(input.database).toBe('platform');
      expect(input.secretArn).toMatch(/master|secret/);
      for (const role of componentDatabaseRoles()) {
        expect(input.statements).toContain(`GRANT rds_iam TO ${role}`);
      }
      expect(input.statements[0]).toBe('CREATE EXTENSION IF NOT EXISTS pgaudit');
      expect((invocation.depends_on as string[]).join(' ')).toContain('aws_rds_cluster_instance.');
      const policy = all(json, 'aws_iam_role_policy').find((candidate) =>
        String(candidate.role).includes('database-roles_function_role'),
      );
      const actions = policyOf(policy ?? {}).Statement.flatMap((statement) =>
        [statement.Action].flat(),
      );
      expect(actions).toEqual(
        expect.arrayContaining(['rds-data:ExecuteStatement', 'secretsmanager:GetSecretValue']),
      );
      expect(actions).not.toContain('rds-db:connect');
    },
  );

  it('a global secondary creates no roles: they replicate with the global database', () => {
    expect(
      all(prodSecondary, 'aws_lambda_invocation').filter((invocation) =>
        String(invocation.function_name).includes('database-roles'),
      ),
    ).toEqual([]);
  });

  it('lets RDS manage and rotate the master password of a regional cluster', () => {
    const cluster = onlyResource(devStack, 'aws_rds_cluster');
    expect(cluster).toMatchObject({
      manage_master_user_password: true,
      backup_retention_period: 7,
      deletion_protection: false,
    });
    expect(all(devStack, 'aws_rds_global_cluster')).toEqual([]);
  });

  it('runs development on Serverless v2 (the Data API serves it) and production on its class', () => {
    expect(onlyResource(devStack, 'aws_rds_cluster').serverlessv2_scaling_configuration).toEqual({
      min_capacity: 0.5,
      max_capacity: 4,
    });
    for (const instance of all(devStack, 'aws_rds_cluster_instance')) {
      expect(instance.instance_class).toBe('db.serverless');
    }
    expect(onlyResource(prodPrimary, 'aws_rds_cluster').serverlessv2_scaling_configuration).toBe(
      undefined,
    );
  });
});

describe('DynamoDB and DAX', () => {
  it('keeps the table recoverable and encrypted, streaming changes for its replica', () => {
    const table = onlyResource(prodPrimary, 'aws_dynamodb_table');
    expect(table).toMatchObject({
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      stream_enabled: true,
      stream_view_type: 'NEW_AND_OLD_IMAGES',
      deletion_protection_enabled: true,
      billing_mode: 'PROVISIONED',
    });
  });

  it('autoscales provisioned capacity at 70 % between the configured limits', () => {
    const targets = all(prodPrimary, 'aws_appautoscaling_target');
    expect(targets).toHaveLength(4); // read and write, for the table and its index
    const write = targets.find(
      (target) => target.scalable_dimension === 'dynamodb:table:WriteCapacityUnits',
    );
    expect(write).toMatchObject({
      min_capacity: prod.data.dynamodb.writeCapacity.min,
      max_capacity: prod.data.dynamodb.writeCapacity.max,
    });
    for (const policy of all(prodPrimary, 'aws_appautoscaling_policy')) {
      expect(
        (policy.target_tracking_scaling_policy_configuration as { target_value: number })
          .target_value,
      ).toBe(70);
    }
  });

  it('is on-demand without autoscaling in development', () => {
    expect(onlyResource(devStack, 'aws_dynamodb_table').billing_mode).toBe('PAY_PER_REQUEST');
    expect(all(devStack, 'aws_appautoscaling_target')).toEqual([]);
  });

  it('adds the secondary region as a replica of the primary table under its own key', () => {
    expect(all(prodSecondary, 'aws_dynamodb_table')).toEqual([]);
    const replica = onlyResource(prodSecondary, 'aws_dynamodb_table_replica');
    expect(String(replica.global_table_arn)).toContain('primary-data.outputs.tableArn');
    expect(String(replica.kms_key_arn)).toContain('aws_kms_key.keys_storage');
    expect(replica.point_in_time_recovery).toBe(true);
  });

  it('runs DAX encrypted, TLS-only and Multi-AZ in production', () => {
    const dax = onlyResource(prodPrimary, 'aws_dax_cluster');
    expect(dax).toMatchObject({
      cluster_name: 'prod-use1-dax',
      replication_factor: 3,
      server_side_encryption: { enabled: true },
      cluster_endpoint_encryption_type: 'TLS',
    });
  });
});

describe('ElastiCache Redis', () => {
  it('runs cluster mode with Multi-AZ failover, encryption everywhere and an AUTH token', () => {
    const redis = onlyResource(prodPrimary, 'aws_elasticache_replication_group');
    expect(redis).toMatchObject({
      cluster_mode: 'enabled',
      num_node_groups: 3,
      replicas_per_node_group: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      at_rest_encryption_enabled: 'true',
      transit_encryption_enabled: true,
      transit_encryption_mode: 'required',
      snapshot_retention_limit: 7,
    });
    expect(String(redis.kms_key_id)).toContain('keys_cache');
    expect(String(redis.auth_token)).toContain('aws_secretsmanager_random_password');
    const parameters = onlyResource(prodPrimary, 'aws_elasticache_parameter_group');
    expect(parameters.parameter).toEqual(
      expect.arrayContaining([{ name: 'maxmemory-policy', value: 'allkeys-lru' }]),
    );
  });
});

describe('S3 buckets', () => {
  const buckets = (json: SynthesizedStack) =>
    all(json, 'aws_s3_bucket').map((bucket) => String(bucket.bucket));

  it('creates specs, audit, static and access-log buckets, plus replicas in production', () => {
    expect(buckets(prodPrimary).sort()).toEqual([
      'strata-prod-use1-audit-333333333333',
      'strata-prod-use1-log-archive-333333333333',
      'strata-prod-use1-s3-access-logs-333333333333',
      'strata-prod-use1-specs-333333333333',
      'strata-prod-use1-static-333333333333',
      'strata-prod-usw2-audit-replica-333333333333',
      'strata-prod-usw2-s3-access-logs-replica-333333333333',
      'strata-prod-usw2-specs-replica-333333333333',
      'strata-prod-usw2-static-replica-333333333333',
    ]);
    expect(buckets(prodSecondary)).toEqual(['strata-prod-usw2-log-archive-333333333333']);
    expect(all(devStack, 'aws_s3_bucket_replication_configuration')).toEqual([]);
  });

  it('encrypts every bucket with KMS except the access-log target, and blocks public access', () => {
    const encryption = all(prodPrimary, 'aws_s3_bucket_server_side_encryption_configuration');
    const algorithms = encryption.map(
      (config) =>
        (
          config.rule as Array<{
            apply_server_side_encryption_by_default: { sse_algorithm: string };
          }>
        )[0].apply_server_side_encryption_by_default.sse_algorithm,
    );
    expect(algorithms.filter((algorithm) => algorithm === 'aws:kms')).toHaveLength(7);
    expect(algorithms.filter((algorithm) => algorithm === 'AES256')).toHaveLength(2);
    for (const block of all(prodPrimary, 'aws_s3_bucket_public_access_block')) {
      expect(block).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
    expect(all(prodPrimary, 'aws_s3_bucket_public_access_block')).toHaveLength(9);
  });

  it('denies non-TLS access on every bucket', () => {
    const policies = all(prodPrimary, 'aws_s3_bucket_policy').map((policy) => policyOf(policy));
    expect(policies).toHaveLength(9);
    for (const policy of policies) {
      expect(policy.Statement[0]).toMatchObject({
        Effect: 'Deny',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
    }
  });

  it('locks audit logs in compliance mode for the configured retention', () => {
    const locks = all(prodPrimary, 'aws_s3_bucket_object_lock_configuration');
    expect(locks).toHaveLength(2); // the audit bucket and its replica
    for (const lock of locks) {
      expect(lock.rule).toEqual({ default_retention: { mode: 'COMPLIANCE', days: 2555 } });
    }
  });

  it('tiers objects at 30 and 90 days and expires temporary objects', () => {
    const specsLifecycle = all(prodPrimary, 'aws_s3_bucket_lifecycle_configuration').find(
      (lifecycle) => String(lifecycle.bucket).includes('specs-us-east-1'),
    );
    const rules = specsLifecycle?.rule as Array<Record<string, unknown>>;
    expect(rules.find((rule) => rule.id === 'tier-by-age')?.transition).toEqual([
      { days: 30, storage_class: 'STANDARD_IA' },
      { days: 90, storage_class: 'GLACIER_IR' },
    ]);
    expect(rules.find((rule) => rule.id === 'expire-temporary-objects')).toMatchObject({
      filter: [{ prefix: 'tmp/' }],
      expiration: [{ days: 7 }],
    });
  });

  it('replicates the three content buckets to replicas made by the secondary-region provider', () => {
    const replications = all(prodPrimary, 'aws_s3_bucket_replication_configuration');
    expect(replications).toHaveLength(3);
    for (const replication of replications) {
      const [rule] = replication.rule as Array<{ destination: Record<string, unknown> }>;
      expect(rule.destination.replication_time).toEqual({
        status: 'Enabled',
        time: { minutes: 15 },
      });
    }
    const replicas = all(prodPrimary, 'aws_s3_bucket').filter((bucket) =>
      String(bucket.bucket).includes('usw2'),
    );
    expect(replicas.every((bucket) => bucket.provider === 'aws.usw2')).toBe(true);
  });
});

describe('OpenSearch, MSK and SQS', () => {
  it('runs OpenSearch zone-aware in the VPC with dedicated masters in production', () => {
    const domain = onlyResource(prodPrimary, 'aws_opensearch_domain');
    expect(domain).toMatchObject({
      cluster_config: {
        zone_awareness_enabled: true,
        zone_awareness_config: { availability_zone_count: 3 },
        dedicated_master_enabled: true,
        dedicated_master_count: 3,
      },
      encrypt_at_rest: { enabled: true },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true },
      advanced_security_options: { enabled: true, internal_user_database_enabled: false },
    });
    // Only as many data subnets as zones: a six-AZ network must not give OpenSearch six.
    expect((domain.vpc_options as { subnet_ids: string }).subnet_ids).toMatch(
      /^\$\{slice\(data\.terraform_remote_state\.network\.outputs\.dataSubnetIds, 0, 3\)\}$/,
    );
    const devDomain = onlyResource(devStack, 'aws_opensearch_domain');
    expect(devDomain.cluster_config).toMatchObject({
      dedicated_master_enabled: false,
      instance_count: 2,
    });
  });

  it('runs MSK with TLS, KMS at rest and IAM authentication only', () => {
    const kafka = onlyResource(prodPrimary, 'aws_msk_cluster');
    expect(kafka).toMatchObject({
      number_of_broker_nodes: 3,
      encryption_info: { encryption_in_transit: { client_broker: 'TLS', in_cluster: true } },
      client_authentication: { sasl: { iam: true }, unauthenticated: false },
    });
    expect(String((kafka.encryption_info as Resource).encryption_at_rest_kms_key_arn)).toContain(
      'keys_streaming',
    );
    const configuration = onlyResource(prodPrimary, 'aws_msk_configuration');
    expect(String(configuration.server_properties)).toContain('auto.create.topics.enable=false');
    expect(String(configuration.server_properties)).toContain('min.insync.replicas=2');
  });

  it('gives every queue an encrypted dead-letter queue and a redrive policy', () => {
    const queues = all(prodPrimary, 'aws_sqs_queue');
    expect(queues).toHaveLength(PLATFORM_QUEUES.length * 2);
    for (const queue of queues) {
      expect(String(queue.kms_master_key_id)).toContain('keys_streaming');
    }
    const sources = queues.filter((queue) => queue.redrive_policy !== undefined);
    expect(sources).toHaveLength(PLATFORM_QUEUES.length);
    for (const source of sources) {
      expect(JSON.parse(String(source.redrive_policy)).maxReceiveCount).toBe(5);
    }
    expect(
      queues.filter((queue) => String(queue.name).endsWith('.fifo')).map((queue) => queue.name),
    ).toEqual([
      'strata-prod-use1-approval-workflows-dlq.fifo',
      'strata-prod-use1-approval-workflows.fifo',
    ]);
  });
});

describe('keys, isolation and backups', () => {
  it('rotates every key and lets it be used only through its services', () => {
    const keys = all(prodPrimary, 'aws_kms_key');
    expect(keys.length).toBeGreaterThanOrEqual(7);
    for (const key of keys) {
      expect(key.enable_key_rotation).toBe(true);
      const statements = policyOf(key).Statement;
      expect(statements.find((statement) => statement.Action === 'kms:*')).toBeUndefined();
      expect(
        statements.find((statement) => statement.Sid === 'UseOnlyThroughServices'),
      ).toBeDefined();
    }
  });

  it('opens data stores only to the workload subnets (and Aurora to its proxy), with no egress but the proxy to Aurora and the search-roles function to its domain', () => {
    for (const json of [prodPrimary, prodSecondary, devStack]) {
      for (const [name, group] of Object.entries(json.resource?.aws_security_group ?? {})) {
        // Egress lives in the group itself, never in a separate rule the group would remove.
        expect(all(json, 'aws_vpc_security_group_egress_rule')).toEqual([]);
        const egress = group.egress as Array<{ to_port: number; security_groups: string[] }>;
        if (name.startsWith('aurora-proxy_')) {
          expect(egress.map((rule) => [rule.to_port, rule.security_groups])).toEqual([
            [5432, [expect.stringContaining('aws_security_group.aurora_security-group')]],
          ]);
        } else if (name.startsWith('search-roles_')) {
          expect(egress.map((rule) => [rule.to_port, rule.security_groups])).toEqual([
            [443, [expect.stringContaining('aws_security_group.search_security-group')]],
          ]);
        } else expect(egress).toEqual([]);
      }
      for (const rule of all(json, 'aws_vpc_security_group_ingress_rule')) {
        if (rule.referenced_security_group_id !== undefined) {
          expect(String(rule.description)).toMatch(/^RDS Proxy /);
          continue;
        }
        expect(rule.cidr_ipv4).toBe('${each.value}');
        expect(String(rule.for_each)).toContain(
          'data.terraform_remote_state.network.outputs.privateSubnetCidrs',
        );
      }
    }
  });

  it('backs up daily for 35 days with continuous hourly backups, by tag, copied to the secondary region', () => {
    const plan = onlyResource(prodPrimary, 'aws_backup_plan') as {
      rule: Array<{
        rule_name: string;
        enable_continuous_backup?: boolean;
        lifecycle: { delete_after: number };
        copy_action?: Array<{ destination_vault_arn: string }>;
      }>;
    };
    const daily = plan.rule.find((rule) => rule.rule_name === 'daily');
    expect(daily?.lifecycle.delete_after).toBe(35);
    expect(daily?.copy_action?.[0].destination_vault_arn).toContain('backup-copy-vault');
    expect(plan.rule.find((rule) => rule.rule_name === 'hourly-continuous')).toMatchObject({
      enable_continuous_backup: true,
    });
    const vaults = all(prodPrimary, 'aws_backup_vault');
    expect(vaults.map((vault) => vault.provider ?? 'default').sort()).toEqual([
      'aws.usw2',
      'default',
    ]);
    expect(all(prodPrimary, 'aws_backup_vault_lock_configuration')).toHaveLength(2);
    const selection = onlyResource(prodPrimary, 'aws_backup_selection');
    expect(JSON.stringify(selection.condition)).toContain('aws:ResourceTag/strata:backup');
    expect(onlyResource(prodPrimary, 'aws_rds_cluster').tags).toEqual({ 'strata:backup': 'daily' });
  });

  it('does not lock the vault or copy backups in development', () => {
    expect(all(devStack, 'aws_backup_vault_lock_configuration')).toEqual([]);
    const plan = onlyResource(devStack, 'aws_backup_plan') as {
      rule: Array<{ copy_action?: unknown }>;
    };
    expect(plan.rule.every((rule) => rule.copy_action === undefined)).toBe(true);
  });
});

describe('DataStack credentials and audit', () => {
  it('rotates the global master password and the Redis AUTH token on schedule', () => {
    const rotations = all(prodPrimary, 'aws_secretsmanager_secret_rotation');
    expect(rotations).toHaveLength(2);
    for (const rotation of rotations) {
      expect(rotation.rotation_rules).toEqual({ automatically_after_days: 30 });
    }
    const rotationTargets = (stack: typeof prodPrimary) =>
      all(stack, 'aws_lambda_function')
        .map(
          (fn) =>
            (fn.environment as { variables?: { TARGET?: string } } | undefined)?.variables?.TARGET,
        )
        .filter((target) => target !== undefined)
        .sort();
    expect(rotationTargets(prodPrimary)).toEqual(['aurora-cluster', 'elasticache-auth-token']);
    // A standalone cluster's password is Aurora's own, rotated by Aurora.
    expect(onlyResource(devStack, 'aws_rds_cluster').manage_master_user_password).toBe(true);
    expect(rotationTargets(devStack)).toEqual(['elasticache-auth-token']);
  });

  it('restores and validates the tagged data stores every week', () => {
    const plan = onlyResource(prodPrimary, 'aws_backup_restore_testing_plan');
    expect(plan.name).toMatch(/^[A-Za-z0-9_]+$/);
    const selections = all(prodPrimary, 'aws_backup_restore_testing_selection');
    expect(selections.map((s) => s.protected_resource_type)).toEqual(['Aurora', 'DynamoDB', 'S3']);
    // The Aurora copy lands in the data subnets behind the database's own security group.
    expect(selections[0].restore_metadata_overrides).toEqual({
      dbsubnetgroupname: expect.stringContaining('aws_db_subnet_group.aurora_subnets'),
      vpcsecuritygroupids: expect.stringContaining('aws_security_group.aurora_security-group'),
    });
  });

  it('puts a failover runbook for the global writer in each replicated region, none in dev', () => {
    for (const [stack, region] of [
      [prodPrimary, 'use1'],
      [prodSecondary, 'usw2'],
    ] as const) {
      const runbook = onlyResource(stack, 'aws_ssm_document');
      expect(runbook).toMatchObject({
        name: `strata-prod-${region}-regional-failover`,
        document_type: 'Automation',
      });
      const content = JSON.parse(String(runbook.content)) as {
        parameters: Record<string, { default: string }>;
      };
      expect(content.parameters.GlobalClusterIdentifier.default).toMatch(
        stack === prodPrimary
          ? /aws_rds_global_cluster/
          : /primary-data\.outputs\.globalClusterIdentifier/,
      );
    }
    expect(all(devStack, 'aws_ssm_document')).toHaveLength(0);
  });

  it("audits the database's DDL and role changes", () => {
    const parameters = onlyResource(prodPrimary, 'aws_rds_cluster_parameter_group')
      .parameter as Array<{
      name: string;
      value: string;
    }>;
    const byName = Object.fromEntries(parameters.map((p) => [p.name, p.value]));
    expect(byName).toMatchObject({
      shared_preload_libraries: 'pgaudit',
      'pgaudit.log': 'ddl,role',
      log_statement: 'ddl',
    });
  });
});

describe('OpenSearch fine-grained access for the components', () => {
  it.each([
    ['prod primary', prodPrimary, 'strata-prod-use1'],
    ['prod secondary', prodSecondary, 'strata-prod-usw2'],
    ['dev', devStack, 'strata-dev-use1'],
  ])(
    '%s: the search-roles function is the master user and maps each component role',
    (_, json, prefix) => {
      const domain = onlyResource(json, 'aws_opensearch_domain') as {
        advanced_security_options: { master_user_options: { master_user_arn: string } };
      };
      expect(domain.advanced_security_options.master_user_options.master_user_arn).toMatch(
        new RegExp(`:iam::\\d{12}:role/${prefix}-search-roles$`),
      );
      const fn = all(json, 'aws_lambda_function').find(
        (candidate) => candidate.function_name === `${prefix}-search-roles`,
      );
      expect(String((fn?.vpc_config as { subnet_ids: string }).subnet_ids)).toContain(
        'outputs.privateSubnetIds',
      );
      const invocation = all(json, 'aws_lambda_invocation').find((candidate) =>
        String(candidate.function_name).includes('search-roles'),
      );
      const input = JSON.parse(String(invocation?.input)) as {
        requests: Array<{ path: string; body: { backend_roles?: string[] } }>;
      };
      const searchers = catalogueEntries().filter(([, spec]) => spec.data.search !== undefined);
      expect(searchers.length).toBeGreaterThan(0);
      for (const [component] of searchers) {
        // The role the cluster layer's ComponentRoles creates for the component.
        const mapping = input.requests.find((request) =>
          request.path.endsWith(`/rolesmapping/${component}`),
        );
        expect(mapping?.body.backend_roles).toEqual([
          expect.stringMatching(new RegExp(`:iam::\\d{12}:role/${prefix}-component-${component}$`)),
        ]);
      }
      const admins = input.requests.find((request) => request.path.endsWith('/all_access'));
      expect(admins?.body.backend_roles).toEqual([expect.stringMatching(/role\/platform-admin$/)]);
    },
  );
});
