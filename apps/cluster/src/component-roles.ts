import { Construct } from 'constructs';
import { ContractValues, DataContract, Naming } from '@strata/core';
import {
  DatabaseProxy,
  DurableQueue,
  GlobalTable,
  KafkaCluster,
  PodIdentityRole,
  RedisCluster,
  SearchDomain,
  SecureBucket,
} from '@strata/constructs';
import {
  catalogueEntries,
  componentRoleSuffix,
  DATA_STORE_KEYS,
  PLATFORM_QUEUES,
  PlatformComponent,
  queuesConsumedBy,
} from '@strata/constructs/vocabulary';
import { dataKeys, platformQueueArns } from './data-references';

export interface ComponentRolesProps {
  readonly naming: Naming;
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
  readonly data: ContractValues<DataContract['outputs']>;
  /** Components this cluster runs; the others get no role until they are delivered. */
  readonly delivered: readonly PlatformComponent[];
}

/**
 * One Pod Identity role per catalogue component, bound to its service account
 * (`<component>/<component>`, charts/platform-service), allowed exactly the data its catalogue
 * entry names, through the stores' own grants (their keys included), and nothing more.
 */
export class ComponentRoles extends Construct {
  readonly roles: ReadonlyMap<PlatformComponent, PodIdentityRole>;

  constructor(scope: Construct, id: string, props: ComponentRolesProps) {
    super(scope, id);
    const { data } = props;
    const key = dataKeys(this, data);
    const queueKey = key(DATA_STORE_KEYS.queues);
    const queueArns = platformQueueArns(this, data, props);
    const queues = new Map(
      PLATFORM_QUEUES.map((queue, index) => [
        queue.name,
        DurableQueue.fromQueueArn(this, `queue-${queue.name}`, queueArns[index], queueKey),
      ]),
    );
    const table = GlobalTable.fromTableArn(
      this,
      'table',
      data.tableArn,
      key(DATA_STORE_KEYS.table),
    );
    const bucketKey = key(DATA_STORE_KEYS.buckets);
    const specs = SecureBucket.fromBucketName(this, 'specs', data.specsBucketName, bucketKey);
    const audit = SecureBucket.fromBucketName(this, 'audit', data.auditBucketName, bucketKey);
    const kafka = KafkaCluster.fromClusterAttributes(this, 'kafka', {
      clusterArn: data.kafkaClusterArn,
      clusterName: data.kafkaClusterName,
      clusterUuid: data.kafkaClusterUuid,
    });
    const search = SearchDomain.fromDomainName(this, 'search', data.searchDomainName);
    const database = DatabaseProxy.fromProxyAttributes(this, 'database', {
      proxyResourceId: data.databaseProxyResourceId,
      endpoint: data.databaseProxyEndpoint,
    });

    const cache = RedisCluster.fromReplicationGroupId(this, 'cache', data.redisReplicationGroupId);

    const roles = new Map<PlatformComponent, PodIdentityRole>();
    for (const [component, spec] of catalogueEntries()) {
      if (!props.delivered.includes(component)) continue;
      const role = new PodIdentityRole(this, component, {
        roleName: props.naming.name(componentRoleSuffix(component)),
        clusterName: props.clusterName,
        namespace: component,
        serviceAccount: component,
      });
      const uses = spec.data;
      for (const queue of uses.sendsTo ?? []) queues.get(queue)?.grantSendMessages(role);
      for (const queue of queuesConsumedBy(component))
        queues.get(queue.name)?.grantConsumeMessages(role);
      if (uses.table === 'read') table.grantReadData(role);
      if (uses.table === 'read-write') table.grantReadWriteData(role);
      if (uses.specsBucket === 'read') specs.grantRead(role);
      if (uses.specsBucket === 'read-write') specs.grantReadWrite(role);
      if (uses.auditBucket === 'write') audit.grantPut(role);
      kafka.grantProduce(role, uses.produces ?? []);
      kafka.grantConsume(role, uses.consumesTopics ?? [], component);
      if (uses.search === 'read') search.grantRead(role);
      if (uses.search === 'read-write') search.grantReadWrite(role);
      if (uses.databaseRole) database.grantConnect(role, uses.databaseRole);
      // The data layer made one IAM user per cache client, named after the component.
      if (uses.cache) cache.grantConnect(role, component);
      roles.set(component, role);
    }
    this.roles = roles;
  }
}
