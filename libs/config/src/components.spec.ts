import {
  catalogueProblems,
  COMPONENT_CATALOGUE,
  ComponentSpec,
} from '@strata/constructs/vocabulary';
import { exampleEnvironmentFile } from './example-environment';
import { loadEnvironment } from './loader';
import { loadIssues, writeEnvironmentFile } from './testing/load-issues';

/** Each team's route first, then the on-call catch-all. */
const TEAM_ROUTES = ['gateway', 'registry', 'auditor', 'portal'].map((team) => ({
  receiver: `team-${team}`,
  matchers: [`team="${team}"`],
  webhookUrl: `https://events.example.com/${team}`,
}));
const ONCALL = {
  receiver: 'platform-oncall',
  matchers: ['severity="critical"'],
  webhookUrl: 'https://events.example.com/oncall',
};

/** The example production file delivering `components`, with these routes and node pools. */
function prodFile(
  components: Record<string, unknown>,
  nodePools?: Record<string, unknown>,
  alertRoutes: unknown[] = [...TEAM_ROUTES, ONCALL],
) {
  const file = exampleEnvironmentFile();
  const cluster = file.cluster as Record<string, Record<string, unknown>>;
  cluster.components = components;
  cluster.monitoring = { alertRoutes };
  if (nodePools) cluster.nodePools = nodePools;
  return file;
}

const issues = (content: unknown) => loadIssues(content);

describe('component deployments in an environment', () => {
  it('loads tags and digests with the catalogue bounds unless the file narrows them', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const env = loadEnvironment(
      writeEnvironmentFile(
        prodFile({
          gateway: { image: '1.4.2', replicas: { min: 3, max: 12 } },
          auditor: { image: digest },
        }),
      ),
    );
    expect(env.cluster?.components.gateway).toEqual({
      image: '1.4.2',
      replicas: { min: 3, max: 12 },
    });
    expect(env.cluster?.components.auditor).toEqual({ image: digest });
    expect(env.cluster?.components.portal).toBeUndefined();
  });

  it.each([
    ['another registry', 'docker.io/library/nginx:1.27'],
    [
      'another repository of the account',
      '333333333333.dkr.ecr.us-east-1.amazonaws.com/strata-prod/portal:1.0.0',
    ],
    ['a short digest', 'sha256:abc'],
  ])('refuses an image not in the component own repository: %s', (_, image) => {
    const found = issues(prodFile({ gateway: { image } }));
    expect(found).toEqual([
      expect.stringMatching(
        /^cluster\.components\.gateway\.image \[component-image\] .*not in the component's own repository \(strata-prod\/gateway in account 333333333333\)/,
      ),
    ]);
  });

  it('refuses a moving tag', () => {
    expect(issues(prodFile({ registry: { image: 'latest' } }))).toEqual([
      expect.stringContaining(
        'cluster.components.registry.image [component-image] "latest" is a moving tag',
      ),
    ]);
  });

  it('refuses replica bounds that block every eviction or are upside down', () => {
    expect(issues(prodFile({ portal: { image: '2.0.0', replicas: { min: 1, max: 1 } } }))).toEqual([
      expect.stringContaining('cluster.components.portal.replicas.min [component-replicas] is 1'),
    ]);
    expect(issues(prodFile({ portal: { image: '2.0.0', replicas: { min: 4, max: 3 } } }))).toEqual([
      expect.stringContaining(
        'cluster.components.portal.replicas.max [component-replicas] is 3, below min 4',
      ),
    ]);
  });

  it('refuses a component the file names but the catalogue does not have', () => {
    expect(issues(prodFile({ 'not-a-component': { image: '1.0.0' } })).join('\n')).toContain(
      'cluster.components',
    );
  });

  it("refuses production alert routes that do not take a delivered component's team first", () => {
    expect(issues(prodFile({ gateway: { image: '1.0.0' } }, undefined, [ONCALL]))).toEqual([
      expect.stringContaining(
        'cluster.monitoring.alertRoutes [component-alert-route] no route matches team="gateway", which owns gateway',
      ),
    ]);
    expect(
      issues(prodFile({ auditor: { image: '1.0.0' } }, undefined, [ONCALL, ...TEAM_ROUTES])),
    ).toEqual([
      expect.stringContaining(
        'the route for team="auditor" (team-auditor) comes after platform-oncall, which takes auditor\'s alerts first',
      ),
    ]);
    // A regular expression over teams serves each team it matches.
    const shared = { ...ONCALL, receiver: 'product-teams', matchers: ['team=~"gateway|portal"'] };
    expect(issues(prodFile({ gateway: { image: '1.0.0' } }, undefined, [shared, ONCALL]))).toEqual(
      [],
    );
  });

  it('refuses components whose fewest pods the node pools cannot hold', () => {
    const small = { cpuLimit: 1, memoryLimitGib: 1 };
    const found = issues(
      prodFile(
        { gateway: { image: '1.0.0' }, registry: { image: '1.0.0' } },
        { general: small, spot: small },
      ),
    );
    expect(found).toEqual([
      expect.stringMatching(
        /^cluster\.components \[component-capacity\] the components' fewest pods request 2500m CPU and 3200 MiB/,
      ),
    ]);
  });
});

describe('the component catalogue', () => {
  const withGateway = (change: Partial<ComponentSpec>) => ({
    ...COMPONENT_CATALOGUE,
    gateway: { ...COMPONENT_CATALOGUE.gateway, ...change },
  });
  const rules = (catalogue: Record<string, ComponentSpec>) =>
    catalogueProblems(catalogue).map(
      (problem) => `${problem.component} ${problem.field} ${problem.rule}`,
    );

  it('has no problems as shipped', () => {
    expect(catalogueProblems(COMPONENT_CATALOGUE)).toEqual([]);
  });

  it('refuses data that no layer creates', () => {
    const catalogue = withGateway({
      data: {
        ...COMPONENT_CATALOGUE.gateway.data,
        sendsTo: ['invoices'],
        produces: ['billing.events'],
      },
    });
    expect(rules(catalogue)).toEqual([
      'gateway data.sendsTo data-exists',
      'gateway data.produces data-exists',
    ]);
    expect(catalogueProblems(catalogue)[0].message).toContain('"invoices", which no layer creates');
  });

  it('refuses two routes on one host and path', () => {
    const catalogue = withGateway({ routes: [{ host: 'api', pathPrefix: '/registry/' }] });
    expect(rules(catalogue)).toEqual(['registry routes route-unique']);
    expect(catalogueProblems(catalogue)[0].message).toBe(
      'claims api host path /registry, which gateway already claims',
    );
  });

  it('refuses calls to unknown components and scaling that blocks evictions', () => {
    const catalogue = {
      ...withGateway({ scaling: { minReplicas: 1, maxReplicas: 5, cpuTargetPercent: 60 } }),
      portal: { ...COMPONENT_CATALOGUE.portal, calls: ['not-a-component' as never] },
    };
    expect(rules(catalogue)).toEqual([
      'gateway scaling.minReplicas replicas',
      'portal calls call-target',
    ]);
  });
});
