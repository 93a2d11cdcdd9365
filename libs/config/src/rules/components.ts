import {
  CATALOGUE_FILE,
  catalogueProblems,
  COMPONENT_CATALOGUE,
  componentRepositoryName,
  MESH_SIDECAR_REQUESTS,
  PLATFORM_COMPONENTS,
} from '@strata/constructs/vocabulary';
import { isProduction } from '../environment';
import { Rule, RuleFinding } from './rule';

/** What Docker accepts as a tag; `latest` and other moving names are refused below. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Tags that name whatever was pushed last: a rollback would not bring the old image back. */
const MOVING_TAGS = new Set(['latest', 'main', 'master', 'stable', 'dev', 'edge']);

/** Where a component's image reference, split, ends up; for docs and the chart's values. */
export function imageReferenceKind(image: string): 'tag' | 'digest' | undefined {
  if (DIGEST.test(image)) return 'digest';
  if (TAG.test(image)) return 'tag';
  return undefined;
}

/** The catalogue itself; reported on every environment, since every one deploys from it. */
export const componentCatalogue: Rule = (env) =>
  env.cluster
    ? catalogueProblems(COMPONENT_CATALOGUE).map((problem) => ({
        field: `cluster.components.${problem.component}`,
        rule: problem.rule,
        message: `the component catalogue (${CATALOGUE_FILE}), ${problem.field}: ${problem.message}`,
      }))
    : [];

/**
 * An image is a tag or digest of the component's own repository: the platform names the
 * registry per region (the admission policy admits nothing else), so a full reference to any
 * other registry or repository could never run.
 */
export const componentImages: Rule = (env) =>
  PLATFORM_COMPONENTS.flatMap((component): RuleFinding[] => {
    const image = env.cluster?.components[component]?.image;
    if (image === undefined) return [];
    const field = `cluster.components.${component}.image`;
    const own = `${componentRepositoryName(env.project, env.name, component)} in account ${env.accountId}`;
    if (imageReferenceKind(image) === undefined) {
      return [
        {
          field,
          rule: 'component-image',
          message: `"${image}" is not in the component's own repository (${own}): give only a tag such as 1.4.2 or a digest sha256:<64 hex>; the platform names the registry in each region`,
        },
      ];
    }
    if (MOVING_TAGS.has(image.toLowerCase())) {
      return [
        {
          field,
          rule: 'component-image',
          message: `"${image}" is a moving tag; the repository keeps tags immutable, so name a release tag or a digest`,
        },
      ];
    }
    return [];
  });

export const componentReplicas: Rule = (env) =>
  PLATFORM_COMPONENTS.flatMap((component): RuleFinding[] => {
    const replicas = env.cluster?.components[component]?.replicas;
    if (!replicas) return [];
    const field = `cluster.components.${component}.replicas`;
    const findings: RuleFinding[] = [];
    if (replicas.min < 2) {
      findings.push({
        field: `${field}.min`,
        rule: 'component-replicas',
        message: `is ${replicas.min}; at least 2, so a node drain can evict one pod while another serves`,
      });
    }
    if (replicas.max < replicas.min) {
      findings.push({
        field: `${field}.max`,
        rule: 'component-replicas',
        message: `is ${replicas.max}, below min ${replicas.min}`,
      });
    }
    return findings;
  });

/**
 * Every delivered component's pods at their fewest must fit in the node pools' limits, and each
 * pod in one pool: otherwise Karpenter launches nothing and the pods stay pending.
 */
export const componentCapacity: Rule = (env) => {
  const cluster = env.cluster;
  if (!cluster) return [];
  const pools = Object.entries(cluster.nodePools);
  const findings: RuleFinding[] = [];
  let cpuMillis = 0;
  let memoryMib = 0;
  for (const component of PLATFORM_COMPONENTS) {
    const deployment = cluster.components[component];
    if (!deployment) continue;
    const { resources, scaling } = COMPONENT_CATALOGUE[component];
    const pod = {
      cpuMillis: resources.cpuMillis + MESH_SIDECAR_REQUESTS.cpuMillis,
      memoryMib: resources.memoryMib + MESH_SIDECAR_REQUESTS.memoryMib,
    };
    const fits = pools.some(
      ([, pool]) =>
        pod.cpuMillis <= pool.cpuLimit * 1000 && pod.memoryMib <= pool.memoryLimitGib * 1024,
    );
    if (!fits) {
      findings.push({
        field: `cluster.components.${component}`,
        rule: 'component-capacity',
        message: `a pod requests ${pod.cpuMillis}m CPU and ${pod.memoryMib} MiB (sidecar included), more than any node pool may run (${pools.map(([name, pool]) => `${name}: ${pool.cpuLimit} vCPU, ${pool.memoryLimitGib} GiB`).join('; ')})`,
      });
    }
    const min = deployment.replicas?.min ?? scaling.minReplicas;
    cpuMillis += pod.cpuMillis * min;
    memoryMib += pod.memoryMib * min;
  }
  const cpuLimit = pools.reduce((sum, [, pool]) => sum + pool.cpuLimit * 1000, 0);
  const memoryLimit = pools.reduce((sum, [, pool]) => sum + pool.memoryLimitGib * 1024, 0);
  if (cpuMillis > cpuLimit || memoryMib > memoryLimit) {
    findings.push({
      field: 'cluster.components',
      rule: 'component-capacity',
      message: `the components' fewest pods request ${cpuMillis}m CPU and ${memoryMib} MiB, more than the node pools' limits together (${cpuLimit}m, ${memoryLimit} MiB); raise cluster.nodePools limits or lower replicas`,
    });
  }
  return findings;
};

/** A matcher on the `team` label and whether it takes `team`'s value. */
function matchesTeam(matcher: string, team: string): boolean | undefined {
  const parsed = /^\s*team\s*(=~|=|!=|!~)\s*"(.*)"\s*$/.exec(matcher);
  if (!parsed) return undefined;
  const [, operator, value] = parsed;
  if (operator === '=') return value === team;
  if (operator === '!=') return value !== team;
  const regex = new RegExp(`^(?:${value})$`);
  return operator === '=~' ? regex.test(team) : !regex.test(team);
}

/**
 * In production each delivered component's alerts reach its owning team: a route matching
 * `team="<owner>"` comes before any route that does not look at the team (Alertmanager stops
 * at the first route that matches).
 */
export const componentAlertRoutes: Rule = (env) => {
  const cluster = env.cluster;
  if (!cluster || !isProduction(env)) return [];
  const routes = cluster.monitoring.alertRoutes;
  return PLATFORM_COMPONENTS.flatMap((component): RuleFinding[] => {
    if (!cluster.components[component]) return [];
    const team = COMPONENT_CATALOGUE[component].owner;
    const teamRoute = routes.findIndex((route) =>
      route.matchers.some((matcher) => matchesTeam(matcher, team) === true),
    );
    const generic = routes.findIndex((route) =>
      route.matchers.every((matcher) => matchesTeam(matcher, team) === undefined),
    );
    if (teamRoute !== -1 && (generic === -1 || teamRoute < generic)) return [];
    return [
      {
        field: 'cluster.monitoring.alertRoutes',
        rule: 'component-alert-route',
        message:
          teamRoute === -1
            ? `no route matches team="${team}", which owns ${component}: its alerts would not reach the team`
            : `the route for team="${team}" (${routes[teamRoute].receiver}) comes after ${routes[generic].receiver}, which takes ${component}'s alerts first`,
      },
    ];
  });
};
