import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import {
  daxClusterName,
  EnvironmentConfig,
  failoverRunbookName,
  kafkaReplicatorName,
  globalDatabaseIdentifier,
  TableBilling,
} from '@strata/config';
import {
  DATA_CONTRACT,
  exportLayerContract,
  LayerStack,
  NETWORK_CONTRACT,
  readLayerContract,
} from '@strata/core';
import {
  arnOf,
  roleArn,
  AuroraPostgres,
  BACKUP_TAG,
  BackupPlan,
  backupTiers,
  RegionalFailoverRunbook,
  RestoreTesting,
  BackupVault,
  DatabaseProxy,
  DatabaseRoles,
  DEFAULT_DATABASE_EXTENSIONS,
  DaxCluster,
  DurableQueue,
  GlobalDatabaseRole,
  GlobalTable,
  ITable,
  KafkaCluster,
  KafkaReplication,
  MAX_DATA_STORE_ZONES,
  ProvisionedCapacity,
  RedisCluster,
  SearchDomain,
  SearchRoles,
  TableReplica,
} from '@strata/constructs';
import { cacheClients } from '@strata/constructs/vocabulary';
import { ComponentLogs } from './component-logs';
import { componentSearchRoles } from './component-search-roles';
import { DataKeys } from './data-keys';
import { DataBuckets } from './data-buckets';
import { DataRegionRole, dataRegionRole } from './data-region-role';
import {
  componentDatabaseRoles,
  DATA_STORE_KEYS,
  PLATFORM_QUEUES,
} from '@strata/constructs/vocabulary';

export interface DataStackProps {
  readonly environment: EnvironmentConfig;
  readonly region: string;
}

/** The tag that puts a resource in the region's backup plan. */
const BACKUP_TAGS = { [BACKUP_TAG.key]: BACKUP_TAG.value };

/** The Aurora cluster's name purpose: `<prefix>-platform` in each region. */
const DATABASE_CLUSTER_PURPOSE = 'platform';

/**
 * One region's data layer. In a replicated environment the primary region's stack is
 * deployed first and owns the global pieces and the copies into the secondary region; the
 * secondary's stack reads the primary's contract to join them.
 */
export class DataStack extends LayerStack {
  readonly role: DataRegionRole;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { environment: props.environment, layer: 'data', region: props.region });
    const env = props.environment;
    const settings = env.data;
    this.role = dataRegionRole(env, props.region);
    const network = readLayerContract(this, 'network', NETWORK_CONTRACT, {
      environment: env,
      scope: props.region,
    });
    const primaryData =
      this.role === DataRegionRole.SECONDARY
        ? readLayerContract(this, 'primary-data', DATA_CONTRACT, {
            environment: env,
            scope: env.primaryRegion.name,
          })
        : undefined;
    const keys = new DataKeys(this, 'keys', {
      environment: env,
      naming: this.naming,
      region: props.region,
    });
    // Keys in the secondary region for what this stack copies there (replicating primary only).
    const secondary = env.secondaryRegion;
    const replicaKeys =
      this.role === DataRegionRole.PRIMARY && secondary
        ? new DataKeys(this, 'replica-keys', {
            environment: env,
            naming: this.namingFor(secondary.name),
            region: secondary.name,
            aliasPrefix: 'data-replica',
            purposes: ['database', 'storage', 'backup'],
            provider: this.providerFor(secondary.name),
          })
        : undefined;
    const zones = Math.min(env.network.azCount, MAX_DATA_STORE_ZONES);
    const workloads = network.privateSubnetCidrs;
    const placement = { vpcId: network.vpcId, subnetIds: network.dataSubnetIds };
    const logRetentionDays = env.observability.logRetentionDays;

    // Relational: Aurora PostgreSQL, global in a replicated environment.
    const globalClusterIdentifier = globalDatabaseIdentifier(env);
    const database = new AuroraPostgres(this, 'aurora', {
      ...placement,
      clusterIdentifier: this.naming.name(DATABASE_CLUSTER_PURPOSE),
      engineVersion: settings.aurora.engineVersion,
      instanceClass: settings.aurora.instanceClass,
      instanceCount: settings.aurora.instancesPerRegion,
      allowedCidrs: workloads,
      kmsKey: keys.keyOf('database'),
      logKmsKey: keys.keyOf('logs'),
      logRetentionDays,
      backupRetentionDays: settings.aurora.backupRetentionDays,
      deletionProtection: settings.deletionProtection,
      global:
        this.role === DataRegionRole.STANDALONE
          ? undefined
          : {
              role:
                this.role === DataRegionRole.PRIMARY
                  ? GlobalDatabaseRole.PRIMARY
                  : GlobalDatabaseRole.SECONDARY,
              globalClusterIdentifier:
                primaryData?.globalClusterIdentifier ?? globalClusterIdentifier,
              secretReplicas:
                replicaKeys && secondary
                  ? [{ region: secondary.name, kmsKey: replicaKeys.keyOf('database') }]
                  : undefined,
              // The secondary's member, named as its own stack names it (below).
              otherMemberClusterArns:
                this.role === DataRegionRole.PRIMARY && secondary
                  ? [
                      arnOf(this, {
                        service: 'rds',
                        region: secondary.name,
                        resource: `cluster:${this.namingFor(secondary.name).name(DATABASE_CLUSTER_PURPOSE)}`,
                      }),
                    ]
                  : undefined,
            },
      tags: BACKUP_TAGS,
      accountId: env.accountId,
    });
    // A global secondary reads the primary's secret through its replica in this region,
    // whose ARN differs only in the region.
    const databaseSecretArn =
      database.masterSecretArn ??
      (primaryData
        ? Fn.replace(
            primaryData.databaseSecretArn,
            `:${env.primaryRegion.name}:`,
            `:${props.region}:`,
          )
        : undefined);
    // Each component's own login, no password anywhere: created by the writer's region (the
    // global database replicates them), reached through the proxy with IAM tokens end to end.
    const databaseRoles = componentDatabaseRoles();
    if (database.masterSecretArn !== undefined) {
      new DatabaseRoles(this, 'database-roles', {
        database,
        roles: databaseRoles,
        functionName: this.naming.name('database-roles'),
        logKmsKey: keys.keyOf('logs'),
        logRetentionDays,
      });
    }
    // A proxy wherever the writer can live: in a global secondary it serves writes once a
    // switchover or failover makes this cluster the primary (until then only reads work).
    const proxy = new DatabaseProxy(this, 'aurora-proxy', {
      ...placement,
      proxyName: this.naming.name('platform'),
      database,
      users: databaseRoles,
      allowedCidrs: workloads,
    });

    // Key-value: one DynamoDB table, global across regions when replicated, with DAX in front.
    const provisioned: ProvisionedCapacity | undefined =
      settings.dynamodb.billing === TableBilling.PROVISIONED
        ? {
            readCapacity: settings.dynamodb.readCapacity,
            writeCapacity: settings.dynamodb.writeCapacity,
          }
        : undefined;
    const tableKey = keys.keyOf(DATA_STORE_KEYS.table);
    const table: ITable = primaryData
      ? GlobalTable.fromTableArn(
          this,
          'table-replica-ref',
          new TableReplica(this, 'table-replica', {
            globalTableArn: primaryData.tableArn,
            tableName: primaryData.tableName,
            kmsKey: tableKey,
            provisioned,
            tags: BACKUP_TAGS,
          }).replicaArn,
          tableKey,
        )
      : new GlobalTable(this, 'table', {
          tableName: this.naming.name('platform'),
          kmsKey: tableKey,
          provisioned,
          replicated: this.role === DataRegionRole.PRIMARY,
          deletionProtection: settings.deletionProtection,
          tags: BACKUP_TAGS,
        });
    const tableArn = table.tableArn;
    const dax = new DaxCluster(this, 'dax', {
      ...placement,
      clusterName: daxClusterName(env, props.region),
      nodeType: settings.dax.nodeType,
      nodes: settings.dax.nodes,
      tables: [table],
      allowedCidrs: workloads,
      accountId: env.accountId,
    });

    const redis = new RedisCluster(this, 'redis', {
      ...placement,
      clusterName: this.naming.name('cache'),
      ...settings.redis,
      kmsKey: keys.keyOf('cache'),
      logKmsKey: keys.keyOf('logs'),
      logRetentionDays,
      allowedCidrs: workloads,
      // Each component logs in as its own user with IAM tokens: no secret in plans or the cluster.
      iamUsers: cacheClients(),
    });

    const searchRolesFunction = this.naming.name('search-roles');
    const search = new SearchDomain(this, 'search', {
      ...placement,
      domainName: this.naming.name('search'),
      ...settings.openSearch,
      zoneCount: zones,
      allowedCidrs: workloads,
      kmsKey: keys.keyOf('search'),
      logKmsKey: keys.keyOf('logs'),
      logRetentionDays,
      // The function that maps the components' roles inside the domain is its master user.
      masterRoleArn: SearchRoles.masterRoleArn(this, searchRolesFunction),
      region: props.region,
      accountId: env.accountId,
    });
    new SearchRoles(this, 'search-roles', {
      domain: search,
      functionName: searchRolesFunction,
      roles: componentSearchRoles(this, this.naming),
      adminRoleArns: [roleArn(this, settings.openSearch.masterRoleName)],
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      logKmsKey: keys.keyOf('logs'),
      logRetentionDays,
    });

    const kafkaClusterName = this.naming.name('events');
    const kafka = new KafkaCluster(this, 'kafka', {
      ...placement,
      clusterName: kafkaClusterName,
      ...settings.kafka,
      zoneCount: zones,
      allowedCidrs: workloads,
      kmsKey: keys.keyOf('streaming'),
      logKmsKey: keys.keyOf('logs'),
      logRetentionDays,
    });

    // The secondary of a replicated environment replicates the primary's topics and consumer
    // offsets into its own cluster (MSK Replicator, in this region).
    if (primaryData) {
      const primaryRegion = env.primaryRegion.name;
      const primaryNetwork = readLayerContract(this, 'primary-network', NETWORK_CONTRACT, {
        environment: env,
        scope: primaryRegion,
      });
      new KafkaReplication(this, 'kafka-replication', {
        replicatorName: kafkaReplicatorName(env, props.region),
        source: {
          clusterArn: primaryData.kafkaClusterArn,
          clusterName: primaryData.kafkaClusterName,
          clusterUuid: primaryData.kafkaClusterUuid,
          region: primaryRegion,
          vpcId: primaryNetwork.vpcId,
          subnetIds: Fn.slice(primaryNetwork.dataSubnetIds, 0, zones),
          securityGroupId: primaryData.kafkaSecurityGroupId,
          provider: this.providerFor(primaryRegion),
        },
        target: {
          clusterArn: kafka.clusterArn,
          clusterName: kafkaClusterName,
          clusterUuid: kafka.clusterUuid,
          region: props.region,
          vpcId: network.vpcId,
          subnetIds: Fn.slice(network.dataSubnetIds, 0, zones),
          securityGroupId: kafka.securityGroupId,
        },
      });
    }

    const queues = PLATFORM_QUEUES.map(
      (queue) =>
        new DurableQueue(this, `queue-${queue.name}`, {
          queueName: this.naming.name(queue.name),
          fifo: queue.fifo,
          visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
          deliveryDelaySeconds: queue.deliveryDelaySeconds,
          kmsKey: keys.keyOf(DATA_STORE_KEYS.queues),
        }),
    );

    const buckets = new DataBuckets(this, 'buckets', {
      stack: this,
      keys,
      role: this.role,
      replicaKeys,
    });

    new ComponentLogs(this, 'component-logs', {
      stack: this,
      keys,
      accessLogBucketName: buckets.accessLogs.logTargetName,
    });

    // Backups: daily, monthly and yearly tiers and hourly-continuous by tag, copied to the
    // other region when replicated.
    const vaultLock = settings.backupVaultLock
      ? { minRetentionDays: settings.backupRetentionDays, maxRetentionDays: 3650 }
      : undefined;
    const vault = new BackupVault(this, 'backup-vault', {
      vaultName: this.naming.name('data'),
      kmsKey: keys.keyOf('backup'),
      lock: vaultLock,
    });
    const copyVault =
      replicaKeys && secondary
        ? new BackupVault(this, 'backup-copy-vault', {
            provider: this.providerFor(secondary.name),
            vaultName: this.namingFor(secondary.name).name('data-copies'),
            kmsKey: replicaKeys.keyOf('backup'),
            lock: vaultLock,
          })
        : undefined;
    new BackupPlan(this, 'backup-plan', {
      planName: this.naming.name('data'),
      vaultName: vault.vaultName,
      tiers: backupTiers({
        daily: settings.backupRetentionDays,
        monthly: settings.backupMonthlyRetentionDays,
        yearly: settings.backupYearlyRetentionDays,
      }),
      // Each region's recovery points reach the other: the primary's into the copy vault it
      // creates there, the secondary's into the primary's own vault.
      copyToVaultArn: copyVault?.vaultArn ?? primaryData?.backupVaultArn,
      accountId: env.accountId,
    });
    // Every week the latest recovery points are restored into this region and validated.
    const restoreTesting = new RestoreTesting(this, 'restore-testing', {
      planName: this.naming.name('data'),
      vaultArns: [vault.vaultArn],
      aurora: {
        subnetGroupName: database.subnetGroupName,
        securityGroupIds: [database.securityGroupId],
        secretKmsKey: keys.keyOf('database'),
        // What DatabaseRoles creates, where it runs: a restore must bring it back.
        ...(database.masterSecretArn !== undefined && {
          expectedSchemas: databaseRoles,
          expectedExtensions: DEFAULT_DATABASE_EXTENSIONS,
        }),
      },
      dynamoDbKmsKey: keys.keyOf('storage'),
      kmsKeys: [keys.keyOf('database'), keys.keyOf('storage'), keys.keyOf('backup')],
      logKmsKey: keys.keyOf('logs'),
      logRetentionDays,
    });

    // The runbook that moves the writer here (each member region has one: drills go there
    // and back).
    const failover =
      this.role !== DataRegionRole.STANDALONE && database.globalClusterIdentifier
        ? new RegionalFailoverRunbook(this, 'regional-failover', {
            documentName: failoverRunbookName(env, props.region),
            globalClusterIdentifier: database.globalClusterIdentifier,
            targetClusterArn: database.clusterArn,
          })
        : undefined;

    exportLayerContract(this, DATA_CONTRACT, {
      databaseClusterIdentifier: database.clusterIdentifier,
      databaseWriterEndpoint: database.writerEndpoint,
      databaseReaderEndpoint: database.readerEndpoint,
      databaseProxyEndpoint: proxy.endpoint,
      databaseProxyResourceId: proxy.proxyResourceId,
      databaseName: database.databaseName,
      databaseSecretArn: databaseSecretArn ?? '',
      databaseSecurityGroupId: database.securityGroupId,
      globalClusterIdentifier: database.globalClusterIdentifier ?? '',
      tableName: primaryData?.tableName ?? this.naming.name('platform'),
      tableArn,
      daxEndpoint: dax.clusterAddress,
      redisEndpoint: redis.configurationEndpoint,
      redisReplicationGroupId: redis.replicationGroupId,
      specsBucketName: buckets.specs.bucketName,
      auditBucketName: buckets.audit.bucketName,
      auditBucketArn: buckets.audit.bucketArn,
      staticAssetsBucketName: buckets.staticAssets.bucketName,
      staticAssetsBucketArn: buckets.staticAssets.bucketArn,
      staticAssetsBucketDomainName: buckets.staticAssets.regionalDomainName,
      accessLogBucketName: buckets.accessLogs.bucketName,
      searchEndpoint: search.endpoint,
      searchDomainName: this.naming.name('search'),
      kafkaBootstrapBrokers: kafka.bootstrapBrokers,
      kafkaClusterArn: kafka.clusterArn,
      kafkaClusterUuid: kafka.clusterUuid,
      kafkaSecurityGroupId: kafka.securityGroupId,
      kafkaClusterName,
      queueNames: queues.map((queue) => queue.queue.name),
      queueUrls: queues.map((queue) => queue.queueUrl),
      deadLetterQueueNames: queues.map((queue) => queue.deadLetterQueueName),
      backupVaultArn: vault.vaultArn,
      restoreValidationFunctionName: restoreTesting.validationFunctionName,
      failoverRunbookName: failover?.documentName ?? '',
      failoverRunbookRoleArn: failover?.roleArn ?? '',
      dataKeyArns: keys.allArns,
    });
  }
}
