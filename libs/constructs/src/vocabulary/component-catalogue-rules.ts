import { POSTGRES_IDENTIFIER, RESERVED_POSTGRES_ROLE } from './postgres-names';
import { ComponentSpec } from './component-catalogue';
import { KAFKA_TOPICS } from './kafka-topics';
import { PLATFORM_QUEUES } from './platform-queues';

/** One thing wrong with a catalogue entry: which component, which field, which rule. */
export interface CatalogueProblem {
  /** The component. */
  readonly component: string;
  /** Dotted path inside the entry, e.g. `data.sendsTo`. */
  readonly field: string;
  /** The rule it breaks. */
  readonly rule: string;
  /** What is wrong. */
  readonly message: string;
}

/** Where the catalogue is defined, for messages. */
export const CATALOGUE_FILE = 'libs/constructs/src/vocabulary/component-catalogue.ts';

// PostgreSQL role names the proxy's IAM authentication can map to (unquoted identifiers).
const TEAM = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * What makes a catalogue undeployable: data no layer creates, calls to components that do not
 * exist, two routes on one host and path, scaling that blocks every eviction.
 */
export function catalogueProblems(
  catalogue: Readonly<Record<string, ComponentSpec>>,
): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const queues = new Set(PLATFORM_QUEUES.map((queue) => queue.name));
  const topics = new Set(KAFKA_TOPICS.map((topic) => topic.name));
  const routeOwner = new Map<string, string>();
  const roleOwner = new Map<string, string>();
  for (const [component, spec] of Object.entries(catalogue)) {
    const problem = (field: string, rule: string, message: string) =>
      problems.push({ component, field, rule, message });
    const known = (
      field: string,
      names: readonly string[] | undefined,
      set: Set<string>,
      what: string,
    ) => {
      for (const name of names ?? []) {
        if (!set.has(name))
          problem(
            field,
            'data-exists',
            `names ${what} "${name}", which no layer creates (known: ${[...set].join(', ')})`,
          );
      }
    };
    known('data.sendsTo', spec.data.sendsTo, queues, 'the queue');
    known('data.produces', spec.data.produces, topics, 'the Kafka topic');
    known('data.consumesTopics', spec.data.consumesTopics, topics, 'the Kafka topic');
    for (const callee of spec.calls ?? []) {
      if (!(callee in catalogue))
        problem('calls', 'call-target', `calls "${callee}", which is not in the catalogue`);
      if (callee === component)
        problem('calls', 'call-target', 'calls itself; in-process calls need no mesh rule');
    }
    for (const route of spec.routes ?? []) {
      if (!route.pathPrefix.startsWith('/'))
        problem('routes', 'route-path', `path prefix "${route.pathPrefix}" must start with /`);
      const key = `${route.host} ${route.pathPrefix.replace(/(.)\/$/, '$1')}`;
      const owner = routeOwner.get(key);
      if (owner !== undefined)
        problem(
          'routes',
          'route-unique',
          `claims ${route.host} host path ${route.pathPrefix}, which ${owner} already claims`,
        );
      else routeOwner.set(key, component);
    }
    if (!spec.healthPath.startsWith('/'))
      problem('healthPath', 'health-path', `"${spec.healthPath}" must be a path starting with /`);
    if (!Number.isInteger(spec.port) || spec.port < 1024 || spec.port > 65535)
      problem(
        'port',
        'port',
        `${spec.port} must be an unprivileged port (1024-65535): the pods run as non-root`,
      );
    const { minReplicas, maxReplicas, cpuTargetPercent } = spec.scaling;
    if (!Number.isInteger(minReplicas) || minReplicas < 2)
      problem(
        'scaling.minReplicas',
        'replicas',
        `is ${minReplicas}; at least 2, so a node drain can evict one pod while another serves`,
      );
    if (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas)
      problem(
        'scaling.maxReplicas',
        'replicas',
        `is ${maxReplicas}, below minReplicas ${minReplicas}`,
      );
    if (!(cpuTargetPercent >= 10 && cpuTargetPercent <= 95))
      problem(
        'scaling.cpuTargetPercent',
        'cpu-target',
        `is ${cpuTargetPercent}; between 10 and 95`,
      );
    if (!(spec.slo.maxErrorRate > 0 && spec.slo.maxErrorRate < 1))
      problem('slo.maxErrorRate', 'slo', `is ${spec.slo.maxErrorRate}; a fraction between 0 and 1`);
    if (!(spec.slo.p99LatencyMs > 0)) problem('slo.p99LatencyMs', 'slo', 'must be positive');
    const databaseRole = spec.data.databaseRole;
    if (databaseRole !== undefined && !POSTGRES_IDENTIFIER.test(databaseRole))
      problem(
        'data.databaseRole',
        'database-role',
        `"${databaseRole}" must be a lowercase PostgreSQL identifier`,
      );
    else if (databaseRole !== undefined && RESERVED_POSTGRES_ROLE.test(databaseRole))
      problem(
        'data.databaseRole',
        'database-role',
        `"${databaseRole}" is a name PostgreSQL or RDS keeps for itself (pg_*, rds*, public, postgres)`,
      );
    else if (databaseRole !== undefined) {
      // One login per component: two sharing a role would share every table and its audit trail.
      const holder = roleOwner.get(databaseRole);
      if (holder !== undefined)
        problem(
          'data.databaseRole',
          'database-role',
          `"${databaseRole}" is already ${holder}'s role; each component logs in as its own`,
        );
      else roleOwner.set(databaseRole, component);
    }
    if (!TEAM.test(spec.owner))
      problem(
        'owner',
        'owner',
        `"${spec.owner}" must be a lowercase team name (it becomes the alerts' team label)`,
      );
  }
  return problems;
}
