import { PLATFORM_COMPONENTS, PlatformComponent } from './platform-components';
import { PLATFORM_QUEUES, PlatformQueue } from './platform-queues';

/** Which front-door host a route is on: the API host (and its per-region twin) or the portal's. */
export type RouteHost = 'api' | 'portal';

/** One path the front door sends to a component. */
export interface ComponentRoute {
  /** The host the route is on. */
  readonly host: RouteHost;
  /** Path prefix, e.g. `/api`; `/` takes everything on the host no longer prefix claims. */
  readonly pathPrefix: string;
}

/** How a component uses the platform table: DynamoDB item reads only, or reads and writes. */
export type TableAccess = 'read' | 'read-write';

/** The data stores the data layer creates that a component may be granted (DATA_CONTRACT names). */
export interface ComponentData {
  /** SQS queues (PLATFORM_QUEUES names) it sends to. @default none */
  readonly sendsTo?: readonly string[];
  /** The platform DynamoDB table. @default no access */
  readonly table?: TableAccess;
  /** The specifications bucket (API specs and artifacts). @default no access */
  readonly specsBucket?: 'read' | 'read-write';
  /** The audit bucket (Object Lock): objects are only ever added. @default no access */
  readonly auditBucket?: 'write';
  /** Kafka topics (KAFKA_TOPICS names) it produces to. @default none */
  readonly produces?: readonly string[];
  /** Kafka topics it consumes from, in its own consumer group. @default none */
  readonly consumesTopics?: readonly string[];
  /** The OpenSearch domain: queries, or indexing as well. @default no access */
  readonly search?: 'read' | 'read-write';
  /**
   * Its own PostgreSQL role, reached through RDS Proxy with IAM authentication (no password
   * in the cluster). @default no database
   */
  readonly databaseRole?: string;
  /**
   * The Redis cluster, logged in to as its own ElastiCache user with IAM tokens (no secret in
   * the cluster). @default false
   */
  readonly cache?: boolean;
}

/** Autoscaling of the component's API pods. */
export interface ComponentScaling {
  /** Fewest pods; at least 2 so one can always be evicted (its budget allows one eviction). */
  readonly minReplicas: number;
  /** The most replicas. */
  readonly maxReplicas: number;
  /** Average CPU use, as a percentage of the request, that the autoscaler holds. */
  readonly cpuTargetPercent: number;
}

/** The API container's requests; its memory limit equals the request (no overcommit). */
export interface ComponentResources {
  /** CPU request in millicores. */
  readonly cpuMillis: number;
  /** Memory request and limit in MiB. */
  readonly memoryMib: number;
}

/** What the component promises; the canary analysis and the alerts hold it to this. */
export interface ComponentSlo {
  /** Fraction of requests that may fail (5xx), e.g. 0.01. */
  readonly maxErrorRate: number;
  /** 99th percentile latency in milliseconds. */
  readonly p99LatencyMs: number;
}

/** Everything the platform needs to know to run one of the product's components. */
export interface ComponentSpec {
  /** Team that owns it; its alerts are routed to `team=<owner>`. */
  readonly owner: string;
  /** One line for dashboards and docs. */
  readonly description: string;
  /** Container port of its HTTP API (the Service's `http` port too). */
  readonly port: number;
  /** Readiness and liveness path on `port`. */
  readonly healthPath: string;
  /** Front-door routes to it. @default none (reached only inside the mesh) */
  readonly routes?: readonly ComponentRoute[];
  /** Components it calls inside the mesh; everything else is denied. @default none */
  readonly calls?: readonly PlatformComponent[];
  /** The data stores it uses. */
  readonly data: ComponentData;
  /**
   * Its pods' priority class (the platform baseline creates them).
   * @default 'platform-standard'
   */
  readonly priorityClassName?: 'platform-critical' | 'platform-standard' | 'platform-batch';
  /** How it scales. */
  readonly scaling: ComponentScaling;
  /** Its resources. */
  readonly resources: ComponentResources;
  /** Its SLO. */
  readonly slo: ComponentSlo;
}

/** The container port every component serves on (a convention, not a requirement). */
export const DEFAULT_COMPONENT_PORT = 8080;
/** The health path the seeds give every component. */
export const DEFAULT_HEALTH_PATH = '/healthz';

/**
 * The product's four components, from the seeds: the API gateway, the registry of APIs and
 * subscriptions, the auditor of every call and change, and the developer portal. The one
 * definition of what each runs, uses and promises; the data grants, the project chart's
 * values, the mesh's call graph, the front-door routes and the alerts are derived from it.
 */
export const COMPONENT_CATALOGUE: Readonly<Record<PlatformComponent, ComponentSpec>> = {
  gateway: {
    owner: 'gateway',
    description: 'API gateway: authentication, rate limits and routing of API calls',
    port: DEFAULT_COMPONENT_PORT,
    healthPath: DEFAULT_HEALTH_PATH,
    routes: [{ host: 'api', pathPrefix: '/api' }],
    calls: ['registry', 'auditor'],
    // The data path of every API call: evicted last.
    priorityClassName: 'platform-critical',
    data: {
      table: 'read-write',
      produces: ['gateway.access-logs', 'platform.application-logs', 'platform.metrics'],
      consumesTopics: ['subscription.events'],
      cache: true,
    },
    scaling: { minReplicas: 3, maxReplicas: 30, cpuTargetPercent: 60 },
    resources: { cpuMillis: 500, memoryMib: 512 },
    slo: { maxErrorRate: 0.001, p99LatencyMs: 100 },
  },
  registry: {
    owner: 'registry',
    description: 'Registry of APIs, versions, subscriptions and their approval workflows',
    port: DEFAULT_COMPONENT_PORT,
    healthPath: DEFAULT_HEALTH_PATH,
    routes: [{ host: 'api', pathPrefix: '/registry' }],
    calls: ['auditor'],
    data: {
      sendsTo: ['approval-workflows', 'notifications'],
      table: 'read-write',
      specsBucket: 'read-write',
      produces: ['api.lifecycle-events', 'subscription.events', 'workflow.events'],
      search: 'read-write',
      databaseRole: 'registry',
      cache: true,
    },
    scaling: { minReplicas: 2, maxReplicas: 10, cpuTargetPercent: 70 },
    resources: { cpuMillis: 250, memoryMib: 512 },
    slo: { maxErrorRate: 0.01, p99LatencyMs: 300 },
  },
  auditor: {
    owner: 'auditor',
    description: 'Auditor: keeps the evidence of every call and change, searchable',
    port: DEFAULT_COMPONENT_PORT,
    healthPath: DEFAULT_HEALTH_PATH,
    data: {
      auditBucket: 'write',
      consumesTopics: ['gateway.access-logs', 'platform.application-logs'],
      search: 'read-write',
    },
    scaling: { minReplicas: 2, maxReplicas: 8, cpuTargetPercent: 70 },
    resources: { cpuMillis: 250, memoryMib: 512 },
    slo: { maxErrorRate: 0.01, p99LatencyMs: 500 },
  },
  portal: {
    owner: 'portal',
    description: 'Developer portal: API catalogue, subscriptions, reports and notifications',
    port: DEFAULT_COMPONENT_PORT,
    healthPath: DEFAULT_HEALTH_PATH,
    routes: [
      { host: 'api', pathPrefix: '/portal' },
      { host: 'portal', pathPrefix: '/' },
    ],
    calls: ['registry', 'gateway'],
    data: {
      sendsTo: ['jobs', 'notifications', 'scheduled-jobs'],
      table: 'read',
      specsBucket: 'read',
      consumesTopics: ['api.lifecycle-events', 'alert.events'],
      search: 'read',
      databaseRole: 'portal',
      cache: true,
    },
    scaling: { minReplicas: 2, maxReplicas: 10, cpuTargetPercent: 70 },
    resources: { cpuMillis: 250, memoryMib: 512 },
    slo: { maxErrorRate: 0.01, p99LatencyMs: 500 },
  },
};

/** The catalogue entry of each component, in PLATFORM_COMPONENTS order. */
export function catalogueEntries(
  catalogue: Readonly<Record<PlatformComponent, ComponentSpec>> = COMPONENT_CATALOGUE,
): ReadonlyArray<readonly [PlatformComponent, ComponentSpec]> {
  return PLATFORM_COMPONENTS.map((component) => [component, catalogue[component]] as const);
}

/** The PostgreSQL login roles the catalogue's components use, in catalogue order. */
export function componentDatabaseRoles(
  catalogue: Readonly<Record<PlatformComponent, ComponentSpec>> = COMPONENT_CATALOGUE,
): string[] {
  return catalogueEntries(catalogue).flatMap(([, spec]) =>
    spec.data.databaseRole === undefined ? [] : [spec.data.databaseRole],
  );
}

/** The components that use the Redis cluster, in catalogue order: each is one of its IAM users. */
export function cacheClients(
  catalogue: Readonly<Record<PlatformComponent, ComponentSpec>> = COMPONENT_CATALOGUE,
): PlatformComponent[] {
  return catalogueEntries(catalogue)
    .filter(([, spec]) => spec.data.cache)
    .map(([component]) => component);
}

/** The queues whose `<queue>-worker` Deployments the component runs (PLATFORM_QUEUES says whose). */
export function queuesConsumedBy(component: string): PlatformQueue[] {
  return PLATFORM_QUEUES.filter((queue) => queue.workers.component === component);
}

/**
 * The ECR repository of a component's images in one environment's account (every cluster
 * region has one): `<project>-<environment>/<component>`, so two environments sharing an
 * account never share a repository.
 */
export function componentRepositoryName(
  project: string,
  environment: string,
  component: string,
): string {
  return `${project}-${environment}/${component}`;
}

/**
 * The name part of a component's Pod Identity role (the environment's naming prefixes it):
 * the cluster layer creates the role, the data layer admits it to OpenSearch by name.
 */
export function componentRoleSuffix(component: string): string {
  return `component-${component}`;
}

/**
 * The OpenSearch indices a component with read-write search owns (it reads every index):
 * its name and a dash, e.g. `registry-apis`. Its pods get the prefix as SEARCH_INDEX_PREFIX.
 */
export function componentIndexPrefix(component: string): string {
  return `${component}-`;
}

/** Where a component's container logs (its API pods and its workers) go: one group each. */
export function componentLogGroupName(environment: string, component: string): string {
  return `/strata/${environment}/${component}`;
}
