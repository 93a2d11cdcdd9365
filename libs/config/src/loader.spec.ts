import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError, ConfigIssue } from './config-error';
import { EnvironmentTier, NatStrategy, TableBilling } from './environment';
import { defaultAvailabilityZoneIds } from './aws-regions';
import { findWorkspaceRoot, loadEnvironment, loadEnvironments } from './loader';
import { CONTROL_CHARACTER } from './text-excerpt';

interface RegionFixture {
  name: string;
  vpcCidr: string;
}

/** An environment file as written by people; loose types so tests can break it. */
interface FileFixture {
  name: string;
  tier: string;
  accountId: unknown;
  project?: string;
  costCentre?: string;
  regions: { primary: RegionFixture; secondary?: RegionFixture };
  network: {
    azCount: number;
    natStrategy?: string;
    transitGatewayPeering?: boolean;
    [extra: string]: unknown;
  };
  dnsDomain: string;
  budget: { monthlyLimitUsd: number; alertEmails: string[] };
  layers?: Record<string, boolean>;
  cluster?: {
    kubernetesVersion: string;
    adminRoleName: string;
    publicAccessCidrs?: string[];
    nodeGroups?: Record<
      string,
      { instanceTypes: string[]; minSize: number; maxSize: number; desiredSize: number }
    >;
    nodePools?: Record<string, Record<string, unknown>>;
    nodeImageVersion?: string;
    gitops: { repoUrl: string; revision?: string; sso?: Record<string, unknown> };
    monitoring?: {
      alertRoutes?: Array<{ receiver: string; matchers: string[]; webhookUrl: string }>;
      sso?: Record<string, unknown>;
    };
  };
  data?: Record<string, unknown>;
  observability?: Record<string, unknown>;
  edge?: Record<string, unknown>;
}

/** A valid production environment file, as a plain object to mutate per test. */
function validProdFile(): FileFixture {
  return {
    name: 'prod',
    tier: 'production',
    accountId: '333333333333',
    costCentre: 'platform-prod',
    regions: {
      primary: { name: 'us-east-1', vpcCidr: '10.0.0.0/16' },
      secondary: { name: 'us-west-2', vpcCidr: '10.1.0.0/16' },
    },
    network: { azCount: 3, natStrategy: 'per-az' },
    dnsDomain: 'api.example.com',
    budget: { monthlyLimitUsd: 1000, alertEmails: ['finops@example.com'] },
    cluster: {
      kubernetesVersion: '1.34',
      adminRoleName: 'platform-admin',
      gitops: { repoUrl: 'https://github.com/example-org/strata.git' },
    },
  };
}

function writeEnvironment(content: unknown, fileName = 'prod.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-env-'));
  const file = join(dir, fileName);
  writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  return file;
}

function issuesOf(file: string): ConfigIssue[] {
  try {
    loadEnvironment(file);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error(`${file} was expected to be invalid`);
}

/** Asserts exactly one issue with this field and rule, and that its message names file, field and rule. */
function expectSingleIssue(file: string, field: string, rule: string): ConfigIssue {
  const issues = issuesOf(file);
  expect(issues.map((issue) => `${issue.field} ${issue.rule}`)).toEqual([`${field} ${rule}`]);
  let message = '';
  try {
    loadEnvironment(file);
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain(file.split('/').pop());
  expect(message).toContain(field);
  expect(message).toContain(`[rule: ${rule}]`);
  return issues[0];
}

function mutate(change: (file: FileFixture) => void): FileFixture {
  const file = validProdFile();
  change(file);
  return file;
}

/** A Grafana sign-in section on login.example.com, with `change` applied. */
function grafanaSso(change: Record<string, unknown> = {}): Record<string, unknown> {
  const idp = String(change.issuerUrl ?? 'https://login.example.com');
  return {
    issuerUrl: idp,
    clientId: 'grafana',
    authorizationUrl: `${idp}/authorize`,
    tokenUrl: `${idp}/token`,
    userInfoUrl: `${idp}/userinfo`,
    adminGroups: ['platform'],
    ...change,
  };
}

describe('loadEnvironment', () => {
  it('loads a valid file and applies defaults', () => {
    const env = loadEnvironment(writeEnvironment(validProdFile()));
    expect(env.tier).toBe(EnvironmentTier.PRODUCTION);
    expect(env.project).toBe('strata');
    expect(env.regions.map((region) => region.name)).toEqual(['us-east-1', 'us-west-2']);
    expect(env.network).toEqual({
      azCount: 3,
      natStrategy: NatStrategy.PER_AZ,
      flowLogRetentionDays: 365,
      interfaceEndpoints: true,
      transitGatewayPeering: true,
    });
    expect(env.layers.edge).toBe(true);
    expect(env.cluster).toMatchObject({
      publicAccessCidrs: [],
      controlPlaneLogRetentionDays: 365,
      gitops: { revision: 'main' },
      monitoring: { retentionDays: 30, storageGib: 200, alertRoutes: [] },
    });
    expect(env.cluster?.nodeGroups.system.minSize).toBe(3);
  });

  it('keeps given node group sizes and fills only the disk size', () => {
    const env = loadEnvironment(
      writeEnvironment(
        mutate((file) => {
          file.cluster!.nodeGroups = {
            system: { instanceTypes: ['c7i.2xlarge'], minSize: 4, maxSize: 8, desiredSize: 4 },
          };
        }),
      ),
    );
    expect(env.cluster?.nodeGroups.system).toEqual({
      instanceTypes: ['c7i.2xlarge'],
      minSize: 4,
      maxSize: 8,
      desiredSize: 4,
      diskSizeGib: 50,
    });
  });

  it("fills each Karpenter NodePool from the tier's defaults and keeps what is given", () => {
    const env = loadEnvironment(
      writeEnvironment(
        mutate((file) => {
          file.cluster!.nodePools = { spot: { cpuLimit: 64, architectures: ['arm64'] } };
        }),
      ),
    );
    expect(env.cluster?.nodePools.general).toEqual({
      architectures: ['amd64'],
      instanceCategories: ['c', 'm', 'r'],
      minInstanceGeneration: 6,
      cpuLimit: 400,
      memoryLimitGib: 1600,
      consolidateAfterMinutes: 10,
      expireAfterDays: 30,
      disruptionBudgetPercent: 10,
    });
    expect(env.cluster?.nodePools.spot).toMatchObject({ cpuLimit: 64, architectures: ['arm64'] });
    expect(env.cluster?.nodeImageVersion).toBe('latest');
  });

  it('needs no cluster section when the cluster layer is off', () => {
    const env = loadEnvironment(
      writeEnvironment(
        mutate((file) => {
          delete file.cluster;
          file.layers = { cluster: false, edge: false, observability: false };
        }),
      ),
    );
    expect(env.cluster).toBeUndefined();
  });

  it('defaults non-production NAT to a single gateway and peering to off', () => {
    const env = loadEnvironment(
      writeEnvironment(
        mutate((file) => {
          file.name = 'dev';
          file.tier = 'development';
          file.network = { azCount: 2 };
        }),
        'dev.yaml',
      ),
    );
    expect(env.network.natStrategy).toBe(NatStrategy.SINGLE);
    expect(env.network.transitGatewayPeering).toBe(false);
  });

  it('loads every environment of the repository', () => {
    const envs = loadEnvironments(join(findWorkspaceRoot(__dirname), 'environments'));
    expect(envs.map((env) => env.name)).toEqual(['dev', 'local', 'prod', 'staging', 'test']);
    // The seeds' promotion order, dev -> test -> staging -> prod (the emulator's is not promoted).
    const cloud = envs.filter((env) => env.emulator === undefined);
    expect(
      [...cloud]
        .sort((a, b) => a.delivery.promotionOrder - b.delivery.promotionOrder)
        .map((env) => env.name),
    ).toEqual(['dev', 'test', 'staging', 'prod']);
    expect(new Set(cloud.map((env) => env.delivery.promotionOrder)).size).toBe(cloud.length);
    expect(envs.find((env) => env.name === 'local')?.emulator?.endpoint).toMatch(
      /^http:\/\/127\.0\.0\.1:/,
    );
  });
});

describe('environment file rules (one failing input each)', () => {
  it('yaml-syntax: reports the line of broken YAML', () => {
    const issue = expectSingleIssue(
      writeEnvironment('name: prod\ntier: [production\n'),
      '(file)',
      'yaml-syntax',
    );
    expect(issue.line).toBeGreaterThan(0);
  });

  it('required: a missing field', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => delete file.costCentre)),
      'costCentre',
      'required',
    );
  });

  it('type: an account id written as a number loses its meaning', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.accountId = 123))),
      'accountId',
      'type',
    );
  });

  it('format: an account id that is not 12 digits', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.accountId = '12345'))),
      'accountId',
      'format',
    );
  });

  it('unknown-field: a misspelt setting is not silently ignored', () => {
    const issue = expectSingleIssue(
      writeEnvironment(mutate((file) => (file.network.natStrategey = 'single'))),
      'network.natStrategey',
      'unknown-field',
    );
    expect(issue.line).toBeGreaterThan(1);
  });

  it('allowed-values: an unknown NAT strategy', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.network.natStrategy = 'per-region'))),
      'network.natStrategy',
      'allowed-values',
    );
  });

  it('range: more AZs than any region has', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.network.azCount = 7))),
      'network.azCount',
      'range',
    );
  });

  it('name-matches-file: the name differs from the file name', () => {
    expectSingleIssue(
      writeEnvironment(validProdFile(), 'production.yaml'),
      'name',
      'name-matches-file',
    );
  });

  it('known-region: a region that does not exist', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.regions.secondary!.name = 'us-west-9'))),
      'regions.secondary.name',
      'known-region',
    );
  });

  it('distinct-regions: secondary equal to primary', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.regions.secondary!.name = 'us-east-1'))),
      'regions.secondary.name',
      'distinct-regions',
    );
  });

  it('cidr-format: not a CIDR at all', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.regions.primary.vpcCidr = '10.0.0/16'))),
      'regions.primary.vpcCidr',
      'cidr-format',
    );
  });

  it.each([
    ['a host address instead of a network', '10.0.0.1/16', '10.0.0.0/16'],
    ['leading zeros, which Terraform refuses', '10.010.0.0/16', '10.10.0.0/16'],
  ])('cidr-canonical: %s', (_, cidr, canonical) => {
    const issue = expectSingleIssue(
      writeEnvironment(mutate((file) => (file.regions.primary.vpcCidr = cidr))),
      'regions.primary.vpcCidr',
      'cidr-canonical',
    );
    expect(issue.message).toContain(`write ${canonical}`);
  });

  it('cidr-private: a public range', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.regions.primary.vpcCidr = '52.0.0.0/16'))),
      'regions.primary.vpcCidr',
      'cidr-private',
    );
  });

  it('cidr-size: a VPC too small for the subnet plan', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.regions.primary.vpcCidr = '10.0.0.0/24'))),
      'regions.primary.vpcCidr',
      'cidr-size',
    );
  });

  it('cidrs-disjoint: peered regions with overlapping CIDRs', () => {
    const issue = expectSingleIssue(
      writeEnvironment(mutate((file) => (file.regions.secondary!.vpcCidr = '10.0.128.0/17'))),
      'regions.secondary.vpcCidr',
      'cidrs-disjoint',
    );
    expect(issue.message).toContain('10.0.0.0/16');
  });

  it('production-min-azs: production with two AZs', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.network.azCount = 2))),
      'network.azCount',
      'production-min-azs',
    );
  });

  it('production-secondary-region: production in one region', () => {
    const issues = issuesOf(
      writeEnvironment(
        mutate((file) => {
          delete file.regions.secondary;
          file.network.transitGatewayPeering = false;
        }),
      ),
    );
    expect(issues.map((issue) => `${issue.field} ${issue.rule}`)).toEqual([
      'regions.secondary production-secondary-region',
    ]);
  });

  it('production-nat-per-az: production sharing one NAT gateway', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.network.natStrategy = 'single'))),
      'network.natStrategy',
      'production-nat-per-az',
    );
  });

  it('az-count-available: more AZs than the region has', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.regions.secondary!.name = 'us-west-1'))),
      'network.azCount',
      'az-count-available',
    );
  });

  it('peering-needs-secondary: peering with nothing to peer', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.name = 'dev';
          file.tier = 'development';
          delete file.regions.secondary;
          file.network.transitGatewayPeering = true;
        }),
        'dev.yaml',
      ),
      'network.transitGatewayPeering',
      'peering-needs-secondary',
    );
  });

  it('cluster-config-present: the cluster layer without settings', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => delete file.cluster)),
      'cluster',
      'cluster-config-present',
    );
  });

  it('type: an OIDC provider switch written as a word', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => Object.assign(file.cluster!, { oidcProvider: 'yes' as unknown })),
      ),
      'cluster.oidcProvider',
      'type',
    );
  });

  it('supported-kubernetes-version: a version without tested add-ons', () => {
    const issue = expectSingleIssue(
      writeEnvironment(mutate((file) => (file.cluster!.kubernetesVersion = '1.21'))),
      'cluster.kubernetesVersion',
      'supported-kubernetes-version',
    );
    expect(issue.message).toContain('1.35');
  });

  it('sso-one-identity-provider: Grafana signs in elsewhere than Argo CD', () => {
    const issue = expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.cluster!.gitops.sso = {
            issuerUrl: 'https://login.example.com',
            clientId: 'argocd',
            adminGroups: ['platform'],
          };
          file.cluster!.monitoring = {
            sso: grafanaSso({ issuerUrl: 'https://other.example.com' }),
          };
        }),
      ),
      'cluster.monitoring.sso.issuerUrl',
      'sso-one-identity-provider',
    );
    expect(issue.message).toContain('https://login.example.com');
  });

  it('format: a Grafana group name with a backslash, which its role expression cannot hold', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.cluster!.monitoring = { sso: grafanaSso({ adminGroups: ['ops\\admins'] }) };
        }),
      ),
      'cluster.monitoring.sso.adminGroups.0',
      'format',
    );
  });

  it('node-group-sizes: desired size above the maximum', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.cluster!.nodeGroups = {
            system: { instanceTypes: ['m7i.large'], minSize: 3, maxSize: 4, desiredSize: 5 },
          };
        }),
      ),
      'cluster.nodeGroups.system',
      'node-group-sizes',
    );
  });

  it('instance-family-architecture: a Graviton family in an amd64-only pool', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.cluster!.nodePools = { general: { instanceFamilies: ['m7i', 'm7g'] } };
        }),
      ),
      'cluster.nodePools.general.instanceFamilies.1',
      'instance-family-architecture',
    );
  });

  it.each([
    [
      'a family outside the categories',
      { instanceFamilies: ['m7i', 'c7i'], instanceCategories: ['m'] },
    ],
    [
      'a family below the generation floor',
      { instanceFamilies: ['m7i', 'm5'], minInstanceGeneration: 6 },
    ],
  ])('instance-family-requirements: %s', (_, pool) => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.cluster!.nodePools = { general: pool };
        }),
      ),
      'cluster.nodePools.general.instanceFamilies.1',
      'instance-family-requirements',
    );
  });

  it('spot-diversification: a spot pool of two families', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.cluster!.nodePools = {
            spot: { architectures: ['amd64', 'arm64'], instanceFamilies: ['m7i', 'm7g'] },
          };
        }),
      ),
      'cluster.nodePools.spot.instanceFamilies',
      'spot-diversification',
    );
  });

  it('rejects a node image that is neither latest nor a release', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.cluster!.nodeImageVersion = 'v1.2'))),
      'cluster.nodeImageVersion',
      'format',
    );
  });

  it('production-system-nodes: too few system nodes for a raft quorum', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.cluster!.nodeGroups = {
            system: { instanceTypes: ['m7i.large'], minSize: 1, maxSize: 3, desiredSize: 1 },
          };
        }),
      ),
      'cluster.nodeGroups.system.minSize',
      'production-system-nodes',
    );
  });

  it('public-endpoint-allow-list: an API endpoint open to the internet', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.cluster!.publicAccessCidrs = ['0.0.0.0/0']))),
      'cluster.publicAccessCidrs.0',
      'public-endpoint-allow-list',
    );
  });

  it('alert-receivers-unique: two routes with one receiver', () => {
    const route = {
      receiver: 'oncall',
      matchers: ['severity="critical"'],
      webhookUrl: 'https://x.example.com/a',
    };
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => (file.cluster!.monitoring = { alertRoutes: [route, route] })),
      ),
      'cluster.monitoring.alertRoutes.1.receiver',
      'alert-receivers-unique',
    );
  });

  it('format: a webhook that is not https', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate(
          (file) =>
            (file.cluster!.monitoring = {
              alertRoutes: [
                { receiver: 'oncall', matchers: ['a="b"'], webhookUrl: 'http://x.example.com' },
              ],
            }),
        ),
      ),
      'cluster.monitoring.alertRoutes.0.webhookUrl',
      'format',
    );
  });

  it.each([
    ['user:password@ in a webhook', 'https://alert:hunter2@hooks.example.com/x', 'url-credentials'],
    ['a token parameter', 'https://hooks.example.com/x?channel=a&token=abc', 'url-credentials'],
    ['an upper-case host', 'https://Hooks.Example.com/x', 'url-host'],
    // Cyrillic small o in "hooks".
    ['a look-alike host', 'https://h\u043eoks.example.com/x', 'url-host'],
  ])('%s: %s', (_, webhookUrl, rule) => {
    expectSingleIssue(
      writeEnvironment(
        mutate(
          (file) =>
            (file.cluster!.monitoring = {
              alertRoutes: [{ receiver: 'oncall', matchers: ['a="b"'], webhookUrl }],
            }),
        ),
      ),
      'cluster.monitoring.alertRoutes.0.webhookUrl',
      rule,
    );
  });

  it.each([
    ['no operator', 'severity'],
    ['a regular expression that does not compile', 'alertname=~"("'],
    ['lookahead, which RE2 lacks', 'alertname=~"(?=Kube)"'],
  ])('alert-matchers: %s', (_, matcher) => {
    expectSingleIssue(
      writeEnvironment(
        mutate(
          (file) =>
            (file.cluster!.monitoring = {
              alertRoutes: [
                {
                  receiver: 'oncall',
                  matchers: ['severity="critical"', matcher],
                  webhookUrl: 'https://hooks.example.com/x',
                },
              ],
            }),
        ),
      ),
      'cluster.monitoring.alertRoutes.0.matchers.1',
      'alert-matchers',
    );
  });

  it('url-credentials: the credential is not repeated in the message', () => {
    const [issue] = issuesOf(
      writeEnvironment(
        mutate((file) => {
          file.observability = {
            notifications: { critical: ['https://ops:Secr3tPassw0rd@hooks.example.com/x'] },
          };
        }),
      ),
    );
    expect(issue).toMatchObject({
      field: 'observability.notifications.critical.0',
      rule: 'url-credentials',
    });
    expect(JSON.stringify(issue)).not.toContain('Secr3tPassw0rd');
  });

  it("url-credentials: a client secret in Grafana's token endpoint", () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.cluster!.monitoring = {
            sso: grafanaSso({ tokenUrl: 'https://login.example.com/token?client_secret=abc' }),
          };
        }),
      ),
      'cluster.monitoring.sso.tokenUrl',
      'url-credentials',
    );
  });

  it('name-length: names that would break AWS limits', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.name = 'productioneurope';
          file.project = 'platformstrata';
        }),
        'productioneurope.yaml',
      ),
      'name',
      'name-length',
    );
  });
});

describe('data settings', () => {
  it('fills production data defaults: replicated, HA, 35-day backups, 7-year audit lock', () => {
    const env = loadEnvironment(writeEnvironment(validProdFile()));
    expect(env.data).toMatchObject({
      replication: true,
      aurora: { instancesPerRegion: 3, backupRetentionDays: 35 },
      dynamodb: { billing: TableBilling.PROVISIONED },
      dax: { nodes: 3 },
      redis: { replicasPerShard: 2 },
      auditLogRetentionDays: 2555,
      backupRetentionDays: 35,
    });
  });

  it('keeps given fields and fills the rest of a section from the tier', () => {
    const env = loadEnvironment(
      writeEnvironment(mutate((file) => (file.data = { redis: { shards: 6 } }))),
    );
    expect(env.data.redis).toEqual({
      nodeType: 'cache.r7g.large',
      shards: 6,
      replicasPerShard: 2,
      snapshotRetentionDays: 7,
    });
  });

  it('rejects a cache without replicas: failover needs one', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.data = { redis: { replicasPerShard: 0 } }))),
      'data.redis.replicasPerShard',
      'range',
    );
  });

  it('replication-needs-secondary: replication with one region', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.name = 'dev';
          file.tier = 'development';
          delete file.regions.secondary;
          file.network.transitGatewayPeering = false;
          file.data = { replication: true };
        }),
        'dev.yaml',
      ),
      'data.replication',
      'replication-needs-secondary',
    );
  });

  it('automatic-failover-needs-replication: automatic failover without a global database', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => (file.data = { replication: false, automaticFailover: true })),
      ),
      'data.automaticFailover',
      'automatic-failover-needs-replication',
    );
  });

  it('production-backup-retention: a week of backups in production', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.data = { backupRetentionDays: 7 }))),
      'data.backupRetentionDays',
      'production-backup-retention',
    );
  });

  it('production-backup-retention: no yearly tier in production (the seeds keep seven years)', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.data = { backupYearlyRetentionDays: 0 }))),
      'data.backupYearlyRetentionDays',
      'production-backup-retention',
    );
  });

  it('aurora-data-api: a burstable class the Data API does not serve', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => (file.data = { aurora: { instanceClass: 'db.t4g.medium' } })),
      ),
      'data.aurora.instanceClass',
      'aurora-data-api',
    );
  });

  it('aurora-data-api: an engine version before the Data API', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.data = { aurora: { engineVersion: '15.2' } }))),
      'data.aurora.engineVersion',
      'aurora-data-api',
    );
  });

  it('capacity-range: autoscaling minimum above its maximum', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => (file.data = { dynamodb: { writeCapacity: { min: 100, max: 10 } } })),
      ),
      'data.dynamodb.writeCapacity',
      'capacity-range',
    );
  });

  it('opensearch-zone-balance: data nodes that do not divide over the zones', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.data = { openSearch: { instanceCount: 4 } }))),
      'data.openSearch.instanceCount',
      'opensearch-zone-balance',
    );
  });

  it('name-length: an environment name that fits the prefix but not a DAX cluster name', () => {
    const issue = expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.name = 'performance1';
          file.project = 'ab';
          file.layers = { observability: false };
        }),
        'performance1.yaml',
      ),
      'name',
      'name-length',
    );
    expect(issue.message).toContain('"performance1-use1-dax" 21 characters');
  });

  it('name-length: an environment name that makes a Synthetics canary name too long', () => {
    const issue = expectSingleIssue(
      writeEnvironment(
        mutate((file) => {
          file.name = 'loadtest12';
          file.project = 'ab';
        }),
        'loadtest12.yaml',
      ),
      'name',
      'name-length',
    );
    expect(issue.message).toContain('"loadtest12-use1-routed" 22 characters');
  });

  it('production-dax-nodes: a single DAX node in production', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.data = { dax: { nodes: 1 } }))),
      'data.dax.nodes',
      'production-dax-nodes',
    );
  });

  it('layer-dependencies: edge on while the cluster layer it reads is off', () => {
    const issues = issuesOf(
      writeEnvironment(mutate((file) => (file.layers = { cluster: false, observability: false }))),
    );
    expect(issues.map((issue) => `${issue.field} ${issue.rule}`)).toEqual([
      'layers.cluster layer-dependencies',
    ]);
    expect(issues[0].message).toContain('the edge layer reads its contract');
  });

  it('routing-weights: weighted routing without a weight for the secondary region', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => (file.edge = { routing: 'weighted', weights: { primary: 100 } })),
      ),
      'edge.weights',
      'routing-weights',
    );
  });

  it('routing-weights: weights given while routing is failover', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.edge = { weights: { primary: 1, secondary: 1 } }))),
      'edge.weights',
      'routing-weights',
    );
  });

  it('rejects a blocked country that is not an ISO code and a non-https notification endpoint', () => {
    const issues = issuesOf(
      writeEnvironment(
        mutate((file) => {
          file.edge = { blockedCountries: ['North Korea'] };
          file.observability = { notifications: { critical: ['http://hooks.example.com/x'] } };
        }),
      ),
    );
    expect(issues.map((issue) => `${issue.field} ${issue.rule}`).sort()).toEqual([
      'edge.blockedCountries.0 format',
      'observability.notifications.critical.0 allowed-values',
    ]);
  });

  it('fills observability and edge defaults per tier, notifying the budget contacts', () => {
    const env = loadEnvironment(writeEnvironment(validProdFile()));
    expect(env.observability).toMatchObject({
      logRetentionDays: 365,
      canaryIntervalMinutes: 1,
      notifications: { critical: ['finops@example.com'], warning: ['finops@example.com'] },
      accountServices: true,
    });
    expect(env.edge).toMatchObject({
      routing: 'failover',
      healthCheckPath: '/healthz',
      rateLimitPerFiveMinutes: 2000,
      shieldAdvanced: false,
      priceClass: 'PriceClass_All',
    });
  });
});

describe('loadEnvironments', () => {
  it('reports the issues of every file at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-envs-'));
    writeFileSync(join(dir, 'prod.yaml'), stringify(mutate((file) => (file.network.azCount = 2))));
    writeFileSync(
      join(dir, 'qa.yaml'),
      stringify(mutate((file) => (file.name = 'qa'))).replace('per-az', 'single'),
    );
    let error: unknown;
    try {
      loadEnvironments(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map(
      (issue) => `${issue.file.split('/').pop()} ${issue.rule}`,
    );
    expect(issues).toEqual(['prod.yaml production-min-azs', 'qa.yaml production-nat-per-az']);
  });

  it('fails clearly on a directory without environment files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-empty-'));
    expect(readdirSync(dir)).toEqual([]);
    expect(() => loadEnvironments(dir)).toThrow(
      /holds no \*\.yaml environment file \[rule: environments-exist\]/,
    );
  });
});

/** A development file in one region: the tier where most of AWS's own limits bite first. */
function devFile(change: (file: FileFixture) => void = () => undefined): FileFixture {
  return mutate((file) => {
    file.name = 'dev';
    file.tier = 'development';
    delete file.regions.secondary;
    file.network = { azCount: 2 };
    change(file);
  });
}

describe('rules for what AWS refuses (one failing input each)', () => {
  it('layer-min-azs: one AZ with layers that need two', () => {
    const issue = expectSingleIssue(
      writeEnvironment(
        devFile((file) => (file.network.azCount = 1)),
        'dev.yaml',
      ),
      'network.azCount',
      'layer-min-azs',
    );
    expect(issue.message).toContain('cluster, data, edge');
  });

  it('layer-min-azs: one AZ is fine for the network layer alone', () => {
    const env = loadEnvironment(
      writeEnvironment(
        devFile((file) => {
          file.network.azCount = 1;
          delete file.cluster;
          file.layers = { cluster: false, data: false, edge: false, observability: false };
        }),
        'dev.yaml',
      ),
    );
    expect(env.network.azCount).toBe(1);
  });

  it('cidr-canonical: a public endpoint allow-list entry with host bits', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.cluster!.publicAccessCidrs = ['203.0.113.7/24']))),
      'cluster.publicAccessCidrs.0',
      'cidr-canonical',
    );
  });

  it('control-characters: in a tag value, a name and a map key', () => {
    const issues = issuesOf(
      writeEnvironment(
        mutate((file) => {
          file.costCentre = 'platform\u001b[2J';
          (file as unknown as { tags: Record<string, string> }).tags = {
            owner: 'a\u0007b',
            'bad\u0085key': 'x',
          };
        }),
      ),
    );
    expect(issues.map((issue) => `${issue.field} ${issue.rule}`)).toEqual([
      'costCentre control-characters',
      'tags.owner control-characters',
      'tags.bad\\u{85}key control-characters',
    ]);
    // The escape sequence is quoted escaped, never raw.
    expect(issues.map((issue) => issue.message).join('')).not.toMatch(CONTROL_CHARACTER);
  });

  it('control-characters: in the GitOps revision', () => {
    expectSingleIssue(
      writeEnvironment(mutate((file) => (file.cluster!.gitops.revision = 'main\r\nx'))),
      'cluster.gitops.revision',
      'control-characters',
    );
  });

  it.each(['main..release', 'release.lock', 'feature//x', '-/x', 'a b', 'x@{1}', '.hidden'])(
    'format: a GitOps revision git refuses: %j',
    (revision) => {
      expectSingleIssue(
        writeEnvironment(mutate((file) => (file.cluster!.gitops.revision = revision))),
        'cluster.gitops.revision',
        'format',
      );
    },
  );

  it('tag-length: a 10 000-character tag value', () => {
    const issue = expectSingleIssue(
      writeEnvironment(
        mutate(
          (file) =>
            ((file as unknown as { tags: Record<string, string> }).tags = {
              owner: 'x'.repeat(10_000),
            }),
        ),
      ),
      'tags.owner',
      'tag-length',
    );
    expect(issue.message.length).toBeLessThan(200);
  });

  it.each([
    ['aws:createdBy', 'platform'],
    ['AWS:team', 'platform'],
    ['Layer', 'mine'],
    // Case variants and look-alikes of a key Strata sets (Greek capital epsilon, fullwidth).
    ['environment', 'other'],
    ['\u0395nvironment', 'other'],
    ['\uff30roject', 'other'],
    // Tags the services the platform runs read for themselves.
    ['karpenter.sh/discovery', 'strata-prod-use1'],
    ['Kubernetes.io/cluster/x', 'owned'],
    ['eks:cluster-name', 'x'],
    ['elbv2.k8s.aws/cluster', 'x'],
  ])('tag-reserved: the key %s', (key, value) => {
    expectSingleIssue(
      writeEnvironment(
        mutate(
          (file) => ((file as unknown as { tags: Record<string, string> }).tags = { [key]: value }),
        ),
      ),
      `tags.${key}`,
      'tag-reserved',
    );
  });

  it('tag-lookalike: two keys that differ only in case or look-alike characters', () => {
    const issues = issuesOf(
      writeEnvironment(
        mutate(
          (file) =>
            ((file as unknown as { tags: Record<string, string> }).tags = {
              team: 'a',
              Team: 'b',
              // Cyrillic small a.
              ['te\u0430m']: 'c',
              owner: 'd',
            }),
        ),
      ),
    );
    expect(issues.map((issue) => [issue.field, issue.rule])).toEqual([
      ['tags.Team', 'tag-lookalike'],
      ['tags.te\u0430m', 'tag-lookalike'],
    ]);
    expect(issues[0].message).toContain('differs from tags.team only in letter case');
  });

  it('tag-characters: a character AWS refuses in a tag value and in the cost centre', () => {
    const issues = issuesOf(
      writeEnvironment(
        mutate((file) => {
          (file as unknown as { tags: Record<string, string> }).tags = { team: 'a#b' };
          file.costCentre = 'cc;1';
        }),
      ),
    );
    expect(issues.map((issue) => `${issue.field} ${issue.rule}`)).toEqual([
      'tags.team tag-characters',
      'costCentre tag-characters',
    ]);
  });

  it('tag-count: more tags than fit beside the ones Strata sets', () => {
    const issue = expectSingleIssue(
      writeEnvironment(
        mutate(
          (file) =>
            ((file as unknown as { tags: Record<string, string> }).tags = Object.fromEntries(
              Array.from({ length: 42 }, (_, index) => [`team${index}`, 'x']),
            )),
        ),
      ),
      'tags',
      'tag-count',
    );
    expect(issue.message).toContain('at most 40 fit');
  });

  it('budget-recipients: more addresses than AWS Budgets allows', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate(
          (file) =>
            (file.budget.alertEmails = Array.from(
              { length: 11 },
              (_, index) => `finops${index}@example.com`,
            )),
        ),
      ),
      'budget.alertEmails',
      'budget-recipients',
    );
  });

  it('recipients-unique: an address listed twice', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate((file) => (file.budget.alertEmails = ['a@example.com', 'A@example.com'])),
      ),
      'budget.alertEmails.1',
      'recipients-unique',
    );
  });

  it('emulator-non-production: an emulator endpoint on a production environment', () => {
    expectSingleIssue(
      writeEnvironment(
        mutate(
          (file) =>
            ((file as unknown as { emulator: { endpoint: string } }).emulator = {
              endpoint: 'http://127.0.0.1:5000',
            }),
        ),
      ),
      'emulator',
      'emulator-non-production',
    );
  });

  it('state-failover-needs-replica: state failed over to a region without a replica', () => {
    expectSingleIssue(
      writeEnvironment(
        devFile(
          (file) => ((file as unknown as { state: object }).state = { activeRegion: 'secondary' }),
        ),
        'dev.yaml',
      ),
      'state.activeRegion',
      'state-failover-needs-replica',
    );
  });

  it('replication-needs-secondary: state replication with one region', () => {
    expectSingleIssue(
      writeEnvironment(
        devFile((file) => ((file as unknown as { state: object }).state = { replication: true })),
        'dev.yaml',
      ),
      'state.replication',
      'replication-needs-secondary',
    );
  });
});

describe('availability zone IDs', () => {
  it('names the zones a region has when a listed one is not among them', () => {
    const file = writeEnvironment(
      mutate((file) => {
        const primary = file.regions.primary as unknown as Record<string, unknown>;
        primary.name = 'us-west-1';
        primary.availabilityZoneIds = ['usw1-az1', 'usw1-az2', 'usw1-az3'];
      }),
    );
    expect(issuesOf(file).filter((issue) => issue.rule === 'availability-zone-ids')).toEqual([
      expect.objectContaining({
        field: 'regions.primary.availabilityZoneIds',
        message: 'usw1-az2 is not a zone of us-west-1 (its zone IDs are usw1-az1, usw1-az3)',
      }),
    ]);
  });

  it('defaults to zones the region has, gaps in the numbering included', () => {
    expect(defaultAvailabilityZoneIds('us-west-1', 2)).toEqual(['usw1-az1', 'usw1-az3']);
    expect(defaultAvailabilityZoneIds('ca-central-1', 3)).toEqual([
      'cac1-az1',
      'cac1-az2',
      'cac1-az4',
    ]);
    expect(defaultAvailabilityZoneIds('us-east-1', 3)).toEqual([
      'use1-az1',
      'use1-az2',
      'use1-az4',
    ]);
    // The constrained zone only when nothing else is left.
    expect(defaultAvailabilityZoneIds('us-east-1', 6)).toHaveLength(6);
  });

  it.each([
    ['fewer zones than AZs', ['use1-az1', 'use1-az2']],
    ['a zone of another region', ['use1-az1', 'use1-az2', 'usw2-az1']],
    ['a zone twice', ['use1-az1', 'use1-az1', 'use1-az2']],
    // The region's own prefix, a number it does not have.
    ['a zone the region does not have', ['use1-az1', 'use1-az2', 'use1-az7']],
  ])('availability-zone-ids: %s', (_, ids) => {
    expectSingleIssue(
      writeEnvironment(
        mutate(
          (file) =>
            ((
              file.regions.primary as unknown as { availabilityZoneIds: string[] }
            ).availabilityZoneIds = ids),
        ),
      ),
      'regions.primary.availabilityZoneIds',
      'availability-zone-ids',
    );
  });
});
