import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { EnvironmentConfig, exampleEnvironment } from '@strata/config';
import { resourcesOfType, synthesizeStack } from '@strata/core';
import { gatewayApiManifestFixture } from '@strata/constructs/testing';
import {
  COMPONENT_CATALOGUE,
  componentLogGroupName,
  DATA_KEY_PURPOSES,
  DATA_STORE_KEYS,
  KAFKA_TOPICS,
  PLATFORM_COMPONENTS,
  PLATFORM_QUEUES,
} from '@strata/constructs/vocabulary';
import { AddonsStack } from './addons-stack';
import { ClusterStack } from './cluster-stack';

function synthAddons(environment: EnvironmentConfig) {
  return synthesizeStack(
    new AddonsStack(Testing.app(), `addons-${environment.name}-us-east-1`, {
      environment,
      region: 'us-east-1',
      gatewayApiManifest: gatewayApiManifestFixture(),
    }),
  );
}

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: string | string[];
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/**
 * A role's grants as `<action> <store>` lines, each resource named by what it is in the data
 * contract (`queue:jobs`, `key:storage`, `topic:alert.events`, ...), so the policy can be
 * compared with the catalogue without restating the policy.
 */
function grantsOf(policy: string): string[] {
  const store = (resource: string): string => {
    const queue = /queueNames, (\d+)\)/.exec(resource);
    if (queue) return `queue:${PLATFORM_QUEUES[Number(queue[1])].name}`;
    const key = /dataKeyArns, (\d+)\)/.exec(resource);
    if (key) return `key:${DATA_KEY_PURPOSES[Number(key[1])]}`;
    if (resource.includes('outputs.tableArn')) return 'table';
    if (resource.includes('specsBucketName')) return 'bucket:specs';
    if (resource.includes('auditBucketName')) return 'bucket:audit';
    const kafka =
      /:(topic|group)\/\$\{[^}]*kafkaClusterName\}\/\$\{[^}]*kafkaClusterUuid\}\/(.+)$/.exec(
        resource,
      );
    if (kafka) return `${kafka[1]}:${kafka[2]}`;
    if (resource.includes('kafkaClusterArn')) return 'kafka';
    if (resource.includes('searchDomainName')) return 'search';
    const login = /:dbuser:\$\{[^}]*outputs\.databaseProxyResourceId\}\/(\w+)$/.exec(resource);
    if (login) return `database-login:${login[1]}`;
    const cacheUser =
      /:elasticache:[^:]*:[^:]*:user:\$\{[^}]*outputs\.redisReplicationGroupId\}-(\w+)$/.exec(
        resource,
      );
    if (cacheUser) return `cache-user:${cacheUser[1]}`;
    if (
      /:elasticache:[^:]*:[^:]*:replicationgroup:\$\{[^}]*outputs\.redisReplicationGroupId\}$/.test(
        resource,
      )
    )
      return 'cache';
    return `unknown:${resource}`;
  };
  const statements = JSON.parse(policy).Statement as Statement[];
  return [
    ...new Set(
      statements.flatMap((statement) => {
        expect(statement.Effect).toBe('Allow');
        return list(statement.Action).flatMap((action) =>
          list(statement.Resource).map((resource) => `${action} ${store(resource)}`),
        );
      }),
    ),
  ];
}

/** What a component may do, read from its catalogue entry: a service and a store per line. */
function expectedStores(component: (typeof PLATFORM_COMPONENTS)[number]): Set<string> {
  const data = COMPONENT_CATALOGUE[component].data;
  const stores = new Set<string>();
  for (const queue of data.sendsTo ?? []) stores.add(`sqs:SendMessage queue:${queue}`);
  for (const queue of PLATFORM_QUEUES.filter((q) => q.workers.component === component)) {
    stores.add(`sqs:DeleteMessage queue:${queue.name}`);
  }
  if (data.table) stores.add('dynamodb:GetItem table');
  if (data.table === 'read-write') stores.add('dynamodb:PutItem table');
  if (data.specsBucket) stores.add('s3:GetObject bucket:specs');
  if (data.specsBucket === 'read-write') stores.add('s3:PutObject bucket:specs');
  if (data.auditBucket) stores.add('s3:PutObject bucket:audit');
  for (const topic of data.produces ?? []) stores.add(`kafka-cluster:WriteData topic:${topic}`);
  for (const topic of data.consumesTopics ?? [])
    stores.add(`kafka-cluster:ReadData topic:${topic}`);
  if ((data.consumesTopics ?? []).length > 0)
    stores.add(`kafka-cluster:AlterGroup group:${component}`);
  if (data.search) stores.add('es:ESHttpGet search');
  if (data.search === 'read-write') stores.add('es:ESHttpPut search');
  if (data.databaseRole) stores.add(`rds-db:connect database-login:${data.databaseRole}`);
  // The data layer names each cache client's user after the component (data-stack.spec.ts).
  if (data.cache) {
    stores.add('elasticache:Connect cache');
    stores.add(`elasticache:Connect cache-user:${component}`);
  }
  return stores;
}

/** The lines of `grants` that say what the component does with data (not how: reads, keys). */
const DECISIVE =
  /^(sqs:SendMessage|sqs:DeleteMessage|dynamodb:GetItem|dynamodb:PutItem|s3:GetObject|s3:PutObject|kafka-cluster:WriteData|kafka-cluster:ReadData|kafka-cluster:AlterGroup|es:ESHttpGet|es:ESHttpPut|rds-db:connect|elasticache:Connect) /;

describe('component roles (Pod Identity), joined with the catalogue', () => {
  const json = synthAddons(exampleEnvironment());
  const policies = Object.entries(resourcesOfType(json, 'aws_iam_role_policy'));
  const associations = Object.values(resourcesOfType(json, 'aws_eks_pod_identity_association'));

  it.each(PLATFORM_COMPONENTS.map((component) => [component]))(
    '%s: its role may do exactly what its catalogue entry uses, and is bound to its service account',
    (component) => {
      const [, policy] =
        policies.find(([id]) => id.startsWith(`component-roles_${component}_`)) ?? [];
      expect(policy).toBeDefined();
      const grants = grantsOf(String(policy?.policy));
      expect(grants.filter((grant) => grant.includes('unknown:'))).toEqual([]);
      expect(new Set(grants.filter((grant) => DECISIVE.test(grant)))).toEqual(
        expectedStores(component),
      );
      // A key is granted exactly when a store it encrypts is.
      const keys = new Set(
        grants.filter((grant) => grant.includes(' key:')).map((grant) => grant.split(' key:')[1]),
      );
      const data = COMPONENT_CATALOGUE[component].data;
      const usesQueues =
        (data.sendsTo ?? []).length > 0 ||
        PLATFORM_QUEUES.some((q) => q.workers.component === component);
      const expectedKeys = new Set<string>([
        ...(usesQueues ? [DATA_STORE_KEYS.queues] : []),
        ...(data.table ? [DATA_STORE_KEYS.table] : []),
        ...(data.specsBucket || data.auditBucket ? [DATA_STORE_KEYS.buckets] : []),
      ]);
      expect(keys).toEqual(expectedKeys);
      expect(associations).toContainEqual(
        expect.objectContaining({ namespace: component, service_account: component }),
      );
      // The name the data layer maps inside OpenSearch (its data-stack.spec.ts checks the other side).
      expect(
        Object.values(resourcesOfType(json, 'aws_iam_role')).map((role) => role.name),
      ).toContain(`strata-prod-use1-component-${component}`);
    },
  );

  it('names only topics the data layer documents', () => {
    const topics = new Set(KAFKA_TOPICS.map((topic) => topic.name));
    for (const [, policy] of policies.filter(([id]) => id.startsWith('component-roles_'))) {
      for (const grant of grantsOf(String(policy.policy))) {
        const topic = / topic:(.+)$/.exec(grant);
        if (topic) expect(topics).toContain(topic[1]);
      }
    }
  });

  it('gives no role to a component the environment does not deliver, and no Application or route', () => {
    const env = exampleEnvironment();
    const withoutPortal: EnvironmentConfig = {
      ...env,
      cluster: env.cluster && {
        ...env.cluster,
        components: { ...env.cluster.components, portal: undefined },
      },
    };
    const synthesized = synthAddons(withoutPortal);
    const ids = Object.keys(resourcesOfType(synthesized, 'aws_iam_role_policy'));
    expect(ids.filter((id) => id.startsWith('component-roles_portal_'))).toEqual([]);
    expect(ids.filter((id) => id.startsWith('component-roles_gateway_'))).toHaveLength(1);
    const release = (name: string) =>
      parse(
        (
          Object.values(resourcesOfType(synthesized, 'helm_release')).find((r) => r.name === name)
            ?.values as string[]
        )[0],
      ) as Record<string, unknown>;
    const root = release('argocd-root-app') as {
      applications: Record<
        string,
        { source: { helm: { valuesObject: { applications: Array<{ name: string }> } } } }
      >;
    };
    expect(
      Object.values(root.applications)[0].source.helm.valuesObject.applications.map(
        (app) => app.name,
      ),
    ).toEqual(PLATFORM_COMPONENTS.filter((component) => component !== 'portal'));
    const routes = (release('front-door') as { routes: Array<{ namespace: string }> }).routes;
    expect(routes.map((route) => route.namespace)).not.toContain('portal');
  });
});

describe('component logs, from the pods to their group', () => {
  const json = synthAddons(exampleEnvironment());
  const fluentBit = parse(
    (
      Object.values(resourcesOfType(json, 'helm_release')).find((r) => r.name === 'fluent-bit')
        ?.values as string[]
    )[0],
  ) as { config: { inputs: string; filters: string; outputs: string } };
  /** `[SECTION]` blocks of a Fluent Bit classic configuration, as key-value maps. */
  const sections = (text: string) =>
    text
      .split(/^\[[A-Z]+\]$/m)
      .slice(1)
      .map(
        (block) =>
          new Map(
            block
              .trim()
              .split('\n')
              .map(
                (line) =>
                  line
                    .trim()
                    .split(/\s+(.*)/s)
                    .slice(0, 2) as [string, string],
              ),
          ),
      );

  it('creates no log group here: the data layer owns them with their archive', () => {
    expect(
      Object.values(resourcesOfType(json, 'aws_cloudwatch_log_group')).map((group) => group.name),
    ).not.toEqual(expect.arrayContaining([expect.stringMatching(/^\/strata\//)]));
  });

  it.each(PLATFORM_COMPONENTS.map((component) => [component]))(
    "%s: its namespace's files are tailed, enriched and sent to its group, which the agent may write",
    (component) => {
      const groupName = componentLogGroupName('prod', component);
      const input = sections(fluentBit.config.inputs).find((entry) =>
        entry.get('Path')?.includes(`_${component}_`),
      );
      const tag = input?.get('Tag')?.replace(/\*$/, '') ?? 'none';
      const output = sections(fluentBit.config.outputs).find((entry) =>
        tag.startsWith(String(entry.get('Match')).replace(/\*$/, '')),
      );
      expect(output?.get('log_group_name')).toBe(groupName);
      // The group exists before the agent: the data layer is applied first.
      expect(output?.get('auto_create_group')).toBe('Off');
      const filter = sections(fluentBit.config.filters).find(
        (entry) => entry.get('Match') === `${tag}*`,
      );
      expect(filter?.get('Kube_Tag_Prefix')).toBe(`${tag}var.log.containers.`);
      const [, policy] =
        Object.entries(resourcesOfType(json, 'aws_iam_role_policy')).find(([id]) =>
          id.startsWith('fluent-bit-role_'),
        ) ?? [];
      expect(String(policy?.policy)).toContain(`log-group:${groupName}:*`);
    },
  );
});

describe('component image repositories', () => {
  const stack = (region: string) =>
    synthesizeStack(
      new ClusterStack(Testing.app(), `cluster-prod-${region}`, {
        environment: exampleEnvironment(),
        region,
      }),
    );

  it('keeps one immutable, KMS-encrypted, scanned repository per component in every region', () => {
    for (const region of ['us-east-1', 'us-west-2']) {
      const repositories = Object.values(resourcesOfType(stack(region), 'aws_ecr_repository'));
      expect(repositories.map((repository) => repository.name).sort()).toEqual(
        PLATFORM_COMPONENTS.map((component) => `strata-prod/${component}`).sort(),
      );
      for (const repository of repositories) {
        expect(repository).toMatchObject({
          image_tag_mutability: 'IMMUTABLE',
          image_scanning_configuration: { scan_on_push: true },
          force_delete: false,
        });
        expect(repository.encryption_configuration).toEqual([
          expect.objectContaining({ encryption_type: 'KMS' }),
        ]);
      }
    }
  });

  it('scans continuously in every region and replicates from the primary to the secondary', () => {
    const primary = stack('us-east-1');
    const [scanning] = Object.values(
      resourcesOfType(primary, 'aws_ecr_registry_scanning_configuration'),
    );
    expect(scanning).toMatchObject({ scan_type: 'ENHANCED' });
    const [replication] = Object.values(
      resourcesOfType(primary, 'aws_ecr_replication_configuration'),
    );
    expect(JSON.stringify(replication)).toContain('"region":"us-west-2"');
    expect(
      Object.values(resourcesOfType(stack('us-west-2'), 'aws_ecr_replication_configuration')),
    ).toEqual([]);
  });
});
