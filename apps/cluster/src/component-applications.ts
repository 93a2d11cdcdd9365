import { Fn } from 'cdktf';
import { DATA_STORE_PORTS, redisUserId } from '@strata/constructs';
import { EnvironmentConfig, requireClusterSettings } from '@strata/config';
import { ContractValues, DataContract } from '@strata/core';
import {
  ComponentApplication,
  PLATFORM_SERVICE_CHART_PATH,
  platformServiceValues,
} from '@strata/constructs/helm';
import {
  catalogueEntries,
  ComponentData,
  componentIndexPrefix,
  PLATFORM_QUEUES,
  queuesConsumedBy,
} from '@strata/constructs/vocabulary';

export interface ComponentApplicationsProps {
  readonly environment: EnvironmentConfig;
  readonly region: string;
  readonly data: ContractValues<DataContract['outputs']>;
}

/** `approval-workflows` -> `QUEUE_URL_APPROVAL_WORKFLOWS`. */
export function queueUrlVariable(queue: string): string {
  return `QUEUE_URL_${queue.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** Where each store the component uses lives in this region, as environment variables. */
function dataConfig(
  component: string,
  data: ComponentData,
  contract: ContractValues<DataContract['outputs']>,
): Record<string, string> {
  const config: Record<string, string> = {};
  if (data.table) config.TABLE_NAME = contract.tableName;
  if (data.specsBucket) config.SPECS_BUCKET = contract.specsBucketName;
  if (data.auditBucket) config.AUDIT_BUCKET = contract.auditBucketName;
  if (data.search) config.SEARCH_ENDPOINT = contract.searchEndpoint;
  if (data.search === 'read-write') config.SEARCH_INDEX_PREFIX = componentIndexPrefix(component);
  if ((data.produces ?? []).length + (data.consumesTopics ?? []).length > 0) {
    config.KAFKA_BOOTSTRAP_BROKERS = contract.kafkaBootstrapBrokers;
  }
  if (data.databaseRole) {
    // Through the proxy as the component's own role, with an IAM token made from the pod's
    // identity as the password (no secret is delivered), over TLS that checks the proxy.
    config.DATABASE_HOST = contract.databaseProxyEndpoint;
    config.DATABASE_PORT = String(DATA_STORE_PORTS.postgres);
    config.DATABASE_NAME = contract.databaseName;
    config.DATABASE_USER = data.databaseRole;
    config.DATABASE_AUTH = 'iam';
    config.DATABASE_SSLMODE = 'verify-full';
  }
  if (data.cache) {
    // As the component's own ElastiCache user, with an IAM token signed for the replication
    // group as the password (no secret is delivered), over TLS.
    config.REDIS_ENDPOINT = contract.redisEndpoint;
    config.REDIS_PORT = String(DATA_STORE_PORTS.redis);
    config.REDIS_REPLICATION_GROUP_ID = contract.redisReplicationGroupId;
    config.REDIS_USER = redisUserId(contract.redisReplicationGroupId, component);
    config.REDIS_AUTH = 'iam';
    config.REDIS_TLS = 'true';
  }
  const queues = new Set([
    ...(data.sendsTo ?? []),
    ...queuesConsumedBy(component).map((queue) => queue.name),
  ]);
  PLATFORM_QUEUES.forEach((queue, index) => {
    if (queues.has(queue.name)) {
      config[queueUrlVariable(queue.name)] = Fn.element(contract.queueUrls, index);
    }
  });
  return config;
}

/**
 * One Argo CD Application per component the environment delivers (`cluster.components.<name>`
 * names its image): `charts/platform-service` with values from the catalogue, the environment
 * and this region's data contract.
 */
export function componentApplications(props: ComponentApplicationsProps): ComponentApplication[] {
  const env = props.environment;
  const settings = requireClusterSettings(env);
  return catalogueEntries().flatMap(([component, spec]): ComponentApplication[] => {
    const deployment = settings.components[component];
    if (!deployment) return [];
    return [
      {
        name: component,
        namespace: component,
        path: PLATFORM_SERVICE_CHART_PATH,
        values: platformServiceValues({
          name: component,
          spec,
          deployment,
          environmentName: env.name,
          project: env.project,
          accountId: env.accountId,
          region: props.region,
          highAvailability: settings.highAvailability,
          config: dataConfig(component, spec.data, props.data),
          // Every store is reached with the pod's own identity: no Secret to read.
          secretEnv: [],
          gitops: settings.gitops,
        }),
      },
    ];
  });
}
