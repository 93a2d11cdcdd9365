import { z } from 'zod';
import {
  CPU_ARCHITECTURES,
  EnvironmentTier,
  INSTANCE_CATEGORIES,
  INSTANCE_FAMILY,
  LAYERS,
  LayerName,
  NatStrategy,
  RoutingPolicy,
  TableBilling,
} from '../environment-enums';
import {
  COMPONENT_CATALOGUE,
  MAX_DATA_STORE_ZONES,
  NODE_POOL_DEFAULTS,
  PLATFORM_COMPONENTS,
  PlatformComponent,
  partitionOfRegion,
  SANCTIONED_COUNTRIES,
  SYSTEM_NODE_IMAGE_REFRESH,
} from '@strata/constructs/vocabulary';
import { DEFAULT_ENABLED_REGIONS } from '../aws-regions';
import { DEFAULT_PROJECT } from '../names';
import { always, defaulted, derived, none, optional, perTier, required, TierValues } from './field';

/**
 * The environment model: what one `environments/<name>.yaml` describes once every default is
 * filled. This schema is its only definition: the types are inferred from it, the file format
 * is derived from it (`fileSchema`: a field may be left out exactly when it has a default or
 * is optional), and each field carries its description and default (see `field.ts`), from
 * which the README's field reference is generated. Every object is strict, so a misspelt
 * field is an error rather than a silently ignored setting.
 */

const PRODUCTION = EnvironmentTier.PRODUCTION;
const STAGING = EnvironmentTier.STAGING;
const DEVELOPMENT = EnvironmentTier.DEVELOPMENT;

/** Production gets `production`, staging and development `other`. */
function productionOr<const V>(production: V, other: V): TierValues<V> {
  return { [PRODUCTION]: production, [STAGING]: other, [DEVELOPMENT]: other };
}

/**
 * How long each tier keeps logs, for every log group with no reason to differ: a year of
 * evidence in production.
 */
const LOG_RETENTION_DAYS = perTier({ [PRODUCTION]: 365, [STAGING]: 90, [DEVELOPMENT]: 30 });

const iamRoleName = z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM role name' });

/** The retention periods CloudWatch Logs accepts (a subset: the ones worth choosing). */
const logRetentionDays = z.union([
  z.literal(1),
  z.literal(3),
  z.literal(5),
  z.literal(7),
  z.literal(14),
  z.literal(30),
  z.literal(60),
  z.literal(90),
  z.literal(180),
  z.literal(365),
]);

const instanceClass = (example: string, pattern: RegExp) =>
  z.string().regex(pattern, { error: `must be an instance type such as ${example}` });

export const regionSchema = z.strictObject({
  name: required(z.string(), 'AWS region name, e.g. `us-east-1`.'),
  vpcCidr: required(
    z.string(),
    "IPv4 CIDR of the region's VPC: a private range between /16 and /20, written canonically.",
  ),
  availabilityZoneIds: optional(
    z.array(
      z.string().regex(/^[a-z]{2,6}\d-az\d{1,2}$/, { error: 'must be a zone ID such as use1-az1' }),
    ),
    'Zone IDs of the subnets, one per AZ (the same physical zones in every account). Without them: `<region code>-az1`, `-az2`, ... skipping constrained zones.',
  ),
});

const networkSchema = z.strictObject({
  azCount: required(
    z.number().int().min(1).max(6),
    'Availability zones to spread subnets over: at least 2 with the cluster, data or edge layer on, 3 in production.',
  ),
  natStrategy: defaulted(
    z.enum(NatStrategy),
    perTier(productionOr(NatStrategy.PER_AZ, NatStrategy.SINGLE)),
    'How private subnets reach the internet: `per-az`, `single` or `none`.',
  ),
  flowLogRetentionDays: defaulted(
    logRetentionDays,
    LOG_RETENTION_DAYS,
    'Days VPC flow logs are kept.',
  ),
  interfaceEndpoints: defaulted(
    z.boolean(),
    always(true),
    'Interface endpoints for ECR, STS, Session Manager (ssm, ssmmessages, ec2messages), CloudWatch Logs, KMS and Secrets Manager.',
  ),
  transitGatewayPeering: defaulted(
    z.boolean(),
    derived(
      'true in production with a secondary region',
      (context) => context.tier === PRODUCTION && context.hasSecondaryRegion,
    ),
    'Transit gateway peering between the primary and the secondary region.',
  ),
});

const budgetSchema = z.strictObject({
  monthlyLimitUsd: required(
    z.number().positive(),
    'Monthly cost budget in US dollars; alerts fire at 50, 80 and 100 %.',
  ),
  alertEmails: required(
    z.array(z.email({ error: 'must be an email address' })).min(1),
    'Who receives budget alerts (AWS Budgets allows 10 email recipients).',
  ),
});

interface NodeGroupDefaults {
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredSize: number;
  readonly diskSizeGib: number;
}

/** One field of a table with a row per tier, as that field's per-tier default. */
function tierColumn<R, K extends keyof R>(rows: TierValues<R>, key: K) {
  return perTier<R[K]>({
    [PRODUCTION]: rows[PRODUCTION][key],
    [STAGING]: rows[STAGING][key],
    [DEVELOPMENT]: rows[DEVELOPMENT][key],
  });
}

/** One node group; every field defaults to the tier's row of `defaults`. */
function nodeGroupSchema(role: string, defaults: TierValues<NodeGroupDefaults>) {
  const column = <K extends keyof NodeGroupDefaults>(key: K) => tierColumn(defaults, key);
  return z.strictObject({
    instanceTypes: defaulted(
      z
        .array(
          z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, {
            error: 'must be an EC2 instance type such as m7i.large',
          }),
        )
        .min(1)
        .readonly(),
      column('instanceTypes'),
      `EC2 instance types of the ${role} nodes${role === 'spot' ? '; several of one size, for capacity' : ''}.`,
    ),
    minSize: defaulted(z.number().int().min(0), column('minSize'), `Fewest ${role} nodes.`),
    maxSize: defaulted(z.number().int().min(1), column('maxSize'), `Most ${role} nodes.`),
    desiredSize: defaulted(
      z.number().int().min(0),
      column('desiredSize'),
      `${role[0].toUpperCase()}${role.slice(1)} nodes at creation.`,
    ),
    diskSizeGib: defaulted(
      z.number().int().min(20).max(1000),
      column('diskSizeGib'),
      'Root volume in GiB (encrypted gp3).',
    ),
  });
}

interface NodePoolDefaults {
  readonly cpuLimit: number;
  readonly memoryLimitGib: number;
  readonly disruptionBudgetPercent: number;
}

/** One Karpenter NodePool; the capacity type is the pool's identity, the rest is sizing. */
function nodePoolSchema(
  pool: string,
  capacity: 'on-demand' | 'spot',
  defaults: TierValues<NodePoolDefaults>,
) {
  const column = <K extends keyof NodePoolDefaults>(key: K) => tierColumn(defaults, key);
  return z.strictObject({
    architectures: defaulted(
      z.array(z.enum(CPU_ARCHITECTURES)).min(1).readonly(),
      always(NODE_POOL_DEFAULTS.architectures),
      `CPU architectures of the ${pool} (${capacity}) nodes: \`amd64\`, \`arm64\` (Graviton); every image must be built for each.`,
    ),
    instanceCategories: defaulted(
      z.array(z.enum(INSTANCE_CATEGORIES)).min(1).readonly(),
      always(NODE_POOL_DEFAULTS.instanceCategories),
      'EC2 instance categories Karpenter may choose from (compute, general, memory, burstable).',
    ),
    instanceFamilies: optional(
      z
        .array(
          z
            .string()
            .regex(INSTANCE_FAMILY, { error: 'must be an EC2 instance family such as m7i' }),
        )
        .min(1)
        .readonly(),
      `Only these instance families (\`m7i\`, \`m7g\`); without them, any current family of the categories${capacity === 'spot' ? '. Spot needs at least three, for capacity' : ''}.`,
    ),
    minInstanceGeneration: defaulted(
      z.number().int().min(1).max(20),
      always(NODE_POOL_DEFAULTS.minInstanceGeneration),
      'Oldest instance generation allowed (6: m6i, c6g and newer).',
    ),
    cpuLimit: defaulted(
      z.number().int().min(1),
      column('cpuLimit'),
      `Most vCPUs the ${pool} pool may run; Karpenter launches nothing beyond it.`,
    ),
    memoryLimitGib: defaulted(
      z.number().int().min(1),
      column('memoryLimitGib'),
      `Most memory (GiB) the ${pool} pool may run.`,
    ),
    consolidateAfterMinutes: defaulted(
      z.number().int().min(0).max(1440),
      perTier(productionOr(NODE_POOL_DEFAULTS.consolidateAfterMinutes, 1)),
      'How long a node stays empty or underused before Karpenter consolidates it away.',
    ),
    expireAfterDays: defaulted(
      z.number().int().min(1).max(90),
      always(NODE_POOL_DEFAULTS.expireAfterDays),
      'Nodes are replaced after this many days, so none runs an unpatched image for long.',
    ),
    disruptionBudgetPercent: defaulted(
      z.number().int().min(1).max(100),
      column('disruptionBudgetPercent'),
      'Most nodes of the pool (in %) Karpenter may disrupt at once for consolidation, drift or expiry.',
    ),
  });
}

const alertRouteSchema = z.strictObject({
  receiver: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, {
    error: 'must be a lowercase name such as platform-oncall',
  }),
  matchers: z.array(z.string().min(1)).min(1),
  webhookUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
});

/** An https URL of the identity provider (issuer or endpoint). */
const httpsUrl = () => z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

const oidcIssuer = () =>
  required(
    httpsUrl(),
    "The environment's OIDC issuer, e.g. `https://login.example.com` (every sign-in of the environment uses the same one: rule `sso-one-identity-provider`).",
  );

/** Group names go into Grafana's role expression as JMESPath literals (grafana-sso.ts). */
const groupList = () =>
  z.array(
    z.string().regex(/^[^\\\p{Cc}]+$/u, {
      error: 'must be a group name without backslashes or control characters',
    }),
  );

const argoCdSsoSchema = z.strictObject({
  issuerUrl: oidcIssuer(),
  clientId: required(z.string().min(1), "Argo CD's client id at the identity provider."),
  adminGroups: required(
    z.array(z.string().min(1)).min(1),
    "IdP groups (the `groups` claim) that get Argo CD's admin role.",
  ),
  readOnlyGroups: defaulted(
    z.array(z.string().min(1)),
    none(),
    'IdP groups that get the read-only role.',
  ),
});

/**
 * What `git check-ref-format --allow-onelevel` accepts for a branch or tag (or a commit id),
 * minus a leading dash: Argo CD hands the revision to git, where it would read as an option.
 */
const gitRevision = z
  .string()
  .max(255)
  .regex(/^(?!@$|[-/.]|.*(?:\/\/|\/$|\.\.|@\{|\/\.|\.lock(?:\/|$)|\.$))[^\p{Cc} ~^:?*[\\]+$/u, {
    error: 'must be a branch, tag or commit id that git accepts (git check-ref-format)',
  });

const gitOpsSchema = z.strictObject({
  repoUrl: required(
    z.string().regex(/^(https:\/\/|git@)[^\s]+$/, {
      error: 'must be an https:// or git@ repository URL',
    }),
    'Git repository Argo CD syncs from; it holds `charts/argocd-apps`.',
  ),
  revision: defaulted(gitRevision, always('main'), 'Branch, tag or commit Argo CD follows.'),
  prune: defaulted(
    z.boolean(),
    perTier(productionOr(false, true)),
    'Argo CD deletes what git no longer declares; production waits for a person instead.',
  ),
  sso: optional(
    argoCdSsoSchema,
    "Argo CD sign-in through the organisation's OIDC provider (the client secret goes into Secrets Manager). Without it only the cluster admin role operates Argo CD (break-glass).",
  ),
});

const grafanaSsoSchema = z.strictObject({
  issuerUrl: oidcIssuer(),
  clientId: required(z.string().min(1), "Grafana's client id at the identity provider."),
  authorizationUrl: required(
    httpsUrl(),
    "The provider's authorization endpoint (`authorization_endpoint` of its `/.well-known/openid-configuration`): Grafana's generic OAuth reads no discovery document.",
  ),
  tokenUrl: required(httpsUrl(), 'Its token endpoint (`token_endpoint`).'),
  userInfoUrl: required(httpsUrl(), 'Its user info endpoint (`userinfo_endpoint`).'),
  adminGroups: required(
    groupList().min(1),
    "IdP groups (the `groups` claim) that get Grafana's Admin role.",
  ),
  editorGroups: defaulted(groupList(), none(), 'IdP groups that get the Editor role.'),
  viewerGroups: defaulted(
    groupList(),
    none(),
    'IdP groups that get the Viewer role; people in none of the groups are refused.',
  ),
});

const monitoringSchema = z.strictObject({
  retentionDays: defaulted(
    z.number().int().min(1).max(365),
    perTier(productionOr(30, 7)),
    'Days Prometheus keeps metrics.',
  ),
  storageGib: defaulted(
    z.number().int().min(10).max(16000),
    perTier(productionOr(200, 50)),
    'Prometheus volume in GiB.',
  ),
  longTermRetentionDays: defaulted(
    z.number().int().min(0).max(1095),
    // The seeds keep metrics two years, downsampled.
    perTier({ [PRODUCTION]: 730, [STAGING]: 90, [DEVELOPMENT]: 0 }),
    'Days Amazon Managed Service for Prometheus keeps the 5-minute aggregates (`strata:*` recording rules) every region remote-writes to one workspace in the primary region, where Grafana queries them across regions; 0 makes no long-term store.',
  ),
  alertRoutes: defaulted(
    z.array(alertRouteSchema),
    none(),
    'Alertmanager routes (`receiver`, `matchers`, `webhookUrl`): alerts matching every matcher go to the https webhook.',
  ),
  sso: optional(
    grafanaSsoSchema,
    "Grafana sign-in through the organisation's OIDC provider at `grafana.<region>.<dnsDomain>` (the client secret goes into Secrets Manager; the login form is off). Without it Grafana has no route: people reach it with a port-forward and the generated admin login.",
  ),
});

const replicaBounds = z.strictObject({
  min: required(z.number().int().min(1).max(500), 'Fewest API pods.'),
  max: required(z.number().int().min(1).max(500), 'Most API pods.'),
});

const componentDeploymentSchema = (component: PlatformComponent) =>
  z.strictObject({
    image: required(
      z.string().min(1).max(300),
      `Image of ${component} to run: an immutable tag (\`1.4.2\`) or a digest (\`sha256:...\`) in its own repository (\`<project>-<environment>/${component}\` in this account's ECR, in every cluster region).`,
    ),
    replicas: optional(
      replicaBounds,
      `Replica bounds of ${component}'s autoscaler (\`min\`, \`max\`); without them the catalogue's (${COMPONENT_CATALOGUE[component].scaling.minReplicas}-${COMPONENT_CATALOGUE[component].scaling.maxReplicas}).`,
    ),
  });

/** One optional entry per catalogue component: a component is delivered where it has an image. */
const componentsSchema = z.strictObject(
  Object.fromEntries(
    PLATFORM_COMPONENTS.map((component) => [
      component,
      optional(
        componentDeploymentSchema(component),
        `${COMPONENT_CATALOGUE[component].description}. Without it, Argo CD does not deploy ${component} here (its image repositories still exist).`,
      ),
    ]),
  ) as Record<PlatformComponent, z.ZodOptional<ReturnType<typeof componentDeploymentSchema>>>,
);

const clusterSchema = z.strictObject({
  kubernetesVersion: required(
    z.string().regex(/^1\.\d{2}$/, {
      error: "must be a quoted Kubernetes minor version such as '1.33'",
    }),
    'EKS Kubernetes minor version; it also selects the managed add-on versions.',
  ),
  publicAccessCidrs: defaulted(
    z.array(z.string()),
    none(),
    'CIDRs allowed to reach a public API endpoint; empty keeps the endpoint private.',
  ),
  oidcProvider: defaulted(
    z.boolean(),
    always(false),
    "Create the cluster's IAM OIDC provider, for workloads that must use IRSA; every platform role uses EKS Pod Identity and needs none.",
  ),
  adminRoleName: required(
    iamRoleName,
    'IAM role of this account that gets cluster-admin through an access entry.',
  ),
  controlPlaneLogRetentionDays: defaulted(
    logRetentionDays,
    LOG_RETENTION_DAYS,
    'Days the control-plane log group is kept.',
  ),
  highAvailability: defaulted(
    z.boolean(),
    perTier(productionOr(true, false)),
    'Replicas, disruption budgets and zone spread for every add-on.',
  ),
  storageReclaimPolicy: defaulted(
    z.enum(['Retain', 'Delete']),
    perTier(productionOr('Retain', 'Delete')),
    'What happens to the volume of a deleted claim (Vault raft, Prometheus).',
  ),
  vaultReplicas: defaulted(
    z.union([z.literal(1), z.literal(3), z.literal(5)]),
    perTier(productionOr(3, 1)),
    "Vault servers, an odd raft quorum: 3 survive one server's loss.",
  ),
  // Production keeps three system nodes (one per AZ) so CoreDNS, Vault, istiod and Karpenter
  // itself survive an AZ outage; everything else runs on the nodes Karpenter launches.
  nodeGroups: z.strictObject({
    system: nodeGroupSchema('system', {
      [PRODUCTION]: {
        instanceTypes: ['m7i.large'],
        minSize: 3,
        maxSize: 6,
        desiredSize: 3,
        diskSizeGib: 50,
      },
      [STAGING]: {
        instanceTypes: ['m7i.large'],
        minSize: 3,
        maxSize: 4,
        desiredSize: 3,
        diskSizeGib: 50,
      },
      [DEVELOPMENT]: {
        instanceTypes: ['t3.large'],
        minSize: 2,
        maxSize: 3,
        desiredSize: 2,
        diskSizeGib: 30,
      },
    }),
  }),
  nodeImageVersion: defaulted(
    z.string().regex(/^(latest|v\d{8})$/, {
      error: "must be 'latest' or an EKS AL2023 image release such as v20251117",
    }),
    always('latest'),
    "EKS AL2023 image release Karpenter's nodes run (`v20251117`); `latest` follows each release, replacing nodes within the disruption budgets.",
  ),
  systemNodeImageRefresh: defaulted(
    z.string().regex(/^(cron\([^()]+\)|rate\(\d+ (minutes?|hours?|days?)\))$/, {
      error:
        'must be an EventBridge Scheduler expression such as cron(0 4 ? * TUE *) or rate(7 days)',
    }),
    always(SYSTEM_NODE_IMAGE_REFRESH),
    "When (UTC, EventBridge Scheduler) the system node group moves to the newest EKS AL2023 image of its Kubernetes version, a third of its nodes at a time; while `nodeImageVersion` is `latest` (Karpenter's nodes follow each release through drift).",
  ),
  nodePools: z.strictObject({
    general: nodePoolSchema('general', 'on-demand', {
      [PRODUCTION]: { cpuLimit: 400, memoryLimitGib: 1600, disruptionBudgetPercent: 10 },
      [STAGING]: { cpuLimit: 80, memoryLimitGib: 320, disruptionBudgetPercent: 20 },
      [DEVELOPMENT]: { cpuLimit: 32, memoryLimitGib: 128, disruptionBudgetPercent: 50 },
    }),
    spot: nodePoolSchema('spot', 'spot', {
      [PRODUCTION]: { cpuLimit: 200, memoryLimitGib: 800, disruptionBudgetPercent: 10 },
      [STAGING]: { cpuLimit: 40, memoryLimitGib: 160, disruptionBudgetPercent: 20 },
      [DEVELOPMENT]: { cpuLimit: 24, memoryLimitGib: 96, disruptionBudgetPercent: 50 },
    }),
  }),
  gitops: gitOpsSchema,
  monitoring: monitoringSchema,
  components: componentsSchema,
});

const capacityRange = z.strictObject({
  min: required(z.number().int().min(1), 'Fewest capacity units.'),
  max: required(z.number().int().min(1), 'Most capacity units.'),
});

/** The copies and locks a replicated, production environment keeps; off where cheapness wins. */
const productionOnly = perTier(productionOr(true, false));

// Development is small and cheap but keeps production's shape (replicas, encryption, TLS), so
// what is tested is what runs.
const dataSchema = z.strictObject({
  replication: defaulted(
    z.boolean(),
    derived(
      'true in production with a secondary region',
      (context) => context.tier === PRODUCTION && context.hasSecondaryRegion,
    ),
    'Replicate to the secondary region: Aurora global database, DynamoDB global table, S3 replication, AWS Backup copies.',
  ),
  automaticFailover: defaulted(
    z.boolean(),
    derived(
      'true in production with a secondary region',
      (context) => context.tier === PRODUCTION && context.hasSecondaryRegion,
    ),
    "Fail the database over to the secondary region on its own when the primary region is gone (the secondary sees the primary's API failing and its database no longer replicating), without waiting for a person. Needs `replication`.",
  ),
  deletionProtection: defaulted(
    z.boolean(),
    productionOnly,
    'Deletion protection of the database and the table.',
  ),
  backupVaultLock: defaulted(
    z.boolean(),
    productionOnly,
    'Vault Lock on the backup vaults: recovery points cannot be deleted before `backupRetentionDays`.',
  ),
  aurora: z.strictObject({
    engineVersion: defaulted(
      z.string().regex(/^\d{2}\.\d+$/, {
        error: "must be a quoted Aurora PostgreSQL version such as '16.6'",
      }),
      always('16.6'),
      'Aurora PostgreSQL engine version; the major selects the parameter group family.',
    ),
    instanceClass: defaulted(
      instanceClass('db.r7g.large', /^db\.([a-z0-9]+\.[a-z0-9]+|serverless)$/),
      perTier({
        [PRODUCTION]: 'db.r7g.xlarge',
        [STAGING]: 'db.r7g.large',
        // Serverless v2 rather than a burstable class: it idles at half an ACU, and the RDS
        // Data API (which creates the components' logins) serves no T class.
        [DEVELOPMENT]: 'db.serverless',
      }),
      "Instance class of every Aurora instance; `db.serverless` for Aurora Serverless v2 (0.5-4 ACUs). No `db.t*` class: the RDS Data API that creates the components' logins does not serve them.",
    ),
    instancesPerRegion: defaulted(
      z.number().int().min(1).max(15),
      perTier({ [PRODUCTION]: 3, [STAGING]: 2, [DEVELOPMENT]: 2 }),
      'Instances per region: one writer plus readers, spread over the AZs.',
    ),
    backupRetentionDays: defaulted(
      z.number().int().min(1).max(35),
      perTier({ [PRODUCTION]: 35, [STAGING]: 35, [DEVELOPMENT]: 7 }),
      'Point-in-time recovery window in days.',
    ),
  }),
  dynamodb: z.strictObject({
    billing: defaulted(
      z.enum(TableBilling),
      perTier(productionOr(TableBilling.PROVISIONED, TableBilling.ON_DEMAND)),
      'How the table pays for throughput: `on-demand` or `provisioned`.',
    ),
    readCapacity: defaulted(
      capacityRange,
      perTier({
        [PRODUCTION]: { min: 50, max: 4000 },
        [STAGING]: { min: 5, max: 500 },
        [DEVELOPMENT]: { min: 1, max: 100 },
      }),
      'Read capacity units autoscaling may use (`min`, `max`; provisioned billing).',
    ),
    writeCapacity: defaulted(
      capacityRange,
      perTier({
        [PRODUCTION]: { min: 25, max: 2000 },
        [STAGING]: { min: 5, max: 250 },
        [DEVELOPMENT]: { min: 1, max: 50 },
      }),
      'Write capacity units autoscaling may use (`min`, `max`; provisioned billing).',
    ),
  }),
  dax: z.strictObject({
    nodeType: defaulted(
      instanceClass('dax.r5.large', /^dax\.[a-z0-9]+\.[a-z0-9]+$/),
      perTier({
        [PRODUCTION]: 'dax.r5.large',
        [STAGING]: 'dax.t3.medium',
        [DEVELOPMENT]: 'dax.t3.small',
      }),
      'DAX node type.',
    ),
    nodes: defaulted(
      z.number().int().min(1).max(10),
      perTier({ [PRODUCTION]: 3, [STAGING]: 3, [DEVELOPMENT]: 1 }),
      'DAX nodes; three or more over three AZs survive an AZ outage.',
    ),
  }),
  redis: z.strictObject({
    nodeType: defaulted(
      instanceClass('cache.r7g.large', /^cache\.[a-z0-9]+\.[a-z0-9]+$/),
      perTier({
        [PRODUCTION]: 'cache.r7g.large',
        [STAGING]: 'cache.t4g.medium',
        [DEVELOPMENT]: 'cache.t4g.small',
      }),
      'ElastiCache node type.',
    ),
    shards: defaulted(
      z.number().int().min(1).max(500),
      perTier({ [PRODUCTION]: 3, [STAGING]: 2, [DEVELOPMENT]: 1 }),
      'Cluster-mode shards (node groups).',
    ),
    replicasPerShard: defaulted(
      z.number().int().min(1).max(5),
      perTier({ [PRODUCTION]: 2, [STAGING]: 1, [DEVELOPMENT]: 1 }),
      'Replicas per shard; a primary failure fails over within the shard.',
    ),
    snapshotRetentionDays: defaulted(
      z.number().int().min(1).max(35),
      perTier({ [PRODUCTION]: 7, [STAGING]: 3, [DEVELOPMENT]: 1 }),
      'Days of daily snapshots kept.',
    ),
  }),
  openSearch: z.strictObject({
    instanceType: defaulted(
      instanceClass('r7g.large.search', /^[a-z0-9]+\.[a-z0-9]+\.search$/),
      perTier({
        [PRODUCTION]: 'r7g.large.search',
        [STAGING]: 't3.medium.search',
        [DEVELOPMENT]: 't3.small.search',
      }),
      'OpenSearch data node type.',
    ),
    instanceCount: defaulted(
      z.number().int().min(1).max(80),
      derived(
        '3 in production and staging, 2 in development, rounded up to a multiple of the zones the domain spans',
        (context) => {
          const base = context.tier === DEVELOPMENT ? 2 : 3;
          const zones = Math.min(context.azCount, OPENSEARCH_MAX_ZONES);
          return Math.ceil(base / zones) * zones;
        },
      ),
      'Data nodes; a multiple of the zones the domain spans.',
    ),
    dedicatedMasterType: defaulted(
      instanceClass('m7g.large.search', /^[a-z0-9]+\.[a-z0-9]+\.search$/).optional(),
      perTier(productionOr<string | undefined>('m7g.large.search', undefined)),
      'Dedicated master node type (three masters); none leaves the data nodes electing.',
    ),
    volumeGib: defaulted(
      z.number().int().min(10).max(16000),
      perTier({ [PRODUCTION]: 200, [STAGING]: 50, [DEVELOPMENT]: 20 }),
      'gp3 volume per data node in GiB.',
    ),
    masterRoleName: defaulted(
      iamRoleName,
      always('platform-admin'),
      "IAM role of the people who administer the domain, mapped to `all_access` and `security_manager`; the master user is the data layer's search-roles function, which maps the components' roles.",
    ),
  }),
  kafka: z.strictObject({
    brokerType: defaulted(
      instanceClass('kafka.m7g.large', /^kafka\.[a-z0-9]+\.[a-z0-9]+$/),
      perTier(productionOr('kafka.m7g.large', 'kafka.t3.small')),
      'MSK broker type.',
    ),
    brokersPerAz: defaulted(z.number().int().min(1).max(10), always(1), 'Brokers per AZ.'),
    volumeGib: defaulted(
      z.number().int().min(1).max(16384),
      perTier({ [PRODUCTION]: 1000, [STAGING]: 100, [DEVELOPMENT]: 50 }),
      'EBS volume per broker in GiB.',
    ),
  }),
  auditLogRetentionDays: defaulted(
    z.number().int().min(1).max(36500),
    // Seven years: the usual retention for audit evidence.
    perTier({ [PRODUCTION]: 2555, [STAGING]: 90, [DEVELOPMENT]: 30 }),
    'Object Lock (compliance mode) retention of the audit log bucket, in days.',
  ),
  backupRetentionDays: defaulted(
    z.number().int().min(1).max(36500),
    perTier({ [PRODUCTION]: 35, [STAGING]: 35, [DEVELOPMENT]: 7 }),
    'Days AWS Backup keeps recovery points (daily and copies).',
  ),
  backupMonthlyRetentionDays: defaulted(
    z.number().int().min(0).max(36500),
    // The seeds' tiers: 30 days, 1 year, 7 years.
    perTier({ [PRODUCTION]: 365, [STAGING]: 0, [DEVELOPMENT]: 0 }),
    "Days AWS Backup keeps the recovery point of each month's first day (and its copy); 0 makes none. In cold storage from day 30 where AWS supports it.",
  ),
  backupYearlyRetentionDays: defaulted(
    z.number().int().min(0).max(36500),
    perTier({ [PRODUCTION]: 2555, [STAGING]: 0, [DEVELOPMENT]: 0 }),
    "Days AWS Backup keeps the recovery point of each year's first day (and its copy); 0 makes none. In cold storage from day 30 where AWS supports it.",
  ),
  noncurrentVersionDays: defaulted(
    z.number().int().min(1).max(36500),
    perTier(productionOr(90, 30)),
    'Days a replaced or deleted object version stays in the versioned data buckets.',
  ),
});

/** OpenSearch zone awareness spans at most three zones. */
export const OPENSEARCH_MAX_ZONES = MAX_DATA_STORE_ZONES;

/** An alarm notification endpoint: an email address or an HTTPS webhook. */
const notificationEndpoint = z.union([z.email(), z.url({ protocol: /^https$/ })], {
  error: 'must be an email address or an https URL',
});

const budgetContacts = derived('`budget.alertEmails`', (context) => [...context.budgetEmails]);

const observabilitySchema = z.strictObject({
  logRetentionDays: defaulted(
    logRetentionDays,
    LOG_RETENTION_DAYS,
    'Days every platform log group is kept (data stores, WAF, CDN, canaries, audit trail).',
  ),
  componentLogs: z.strictObject({
    hotDays: defaulted(
      logRetentionDays,
      always(7),
      'Days a component log line stays in CloudWatch Logs, searchable at once (hot tier).',
    ),
    warmDays: defaulted(
      z.number().int().min(1).max(3650),
      always(30),
      'Days an archived component log line stays in S3 Standard before Glacier (warm tier).',
    ),
    coldDays: defaulted(
      z.number().int().min(2).max(3650),
      perTier({ [PRODUCTION]: 365, [STAGING]: 180, [DEVELOPMENT]: 90 }),
      'Days after which an archived component log line expires from Glacier (cold tier).',
    ),
  }),
  notifications: z.strictObject({
    critical: defaulted(
      z.array(notificationEndpoint).min(1),
      budgetContacts,
      'Email addresses and https webhooks that hear critical alarms.',
    ),
    warning: defaulted(
      z.array(notificationEndpoint).min(1),
      budgetContacts,
      'Email addresses and https webhooks that hear warning alarms.',
    ),
  }),
  canaryIntervalMinutes: defaulted(
    z.number().int().min(1).max(60),
    // A one-minute canary plus 30 s health checks keep detection inside the 90 s failover budget.
    perTier(productionOr(1, 5)),
    'Minutes between synthetic checks of each API health endpoint.',
  ),
  traceSampleRate: defaulted(
    z.number().min(0).max(1),
    // The seeds: trace 1 % of requests, always trace errors (the collector keeps every error).
    always(0.01),
    'Share of requests traced beyond the first each second.',
  ),
  pciDss: defaulted(
    z.boolean(),
    productionOnly,
    'Security Hub also checks the PCI DSS v4.0.1 standard (the seeds name PCI DSS among the compliance frameworks); where `accountServices` is on.',
  ),
  guardDutyRegions: defaulted(
    z.array(z.string()),
    derived(
      "every region AWS enables by default in the primary region's partition (17 in `aws`)",
      (context) => [...DEFAULT_ENABLED_REGIONS[partitionOfRegion(context.primaryRegion)]],
    ),
    "Regions where GuardDuty watches the account besides the environment's own (which always have GuardDuty, Security Hub and Inspector): stolen credentials are used where nobody looks. Their findings are forwarded to the primary region's finding routes. Add the opt-in regions the account has enabled; where `accountServices` is on.",
  ),
  accountServices: defaulted(
    z.boolean(),
    always(true),
    "This environment creates the once-per-account resources: GuardDuty, Security Hub, AWS Config (with CloudTrail), the cost anomaly monitor and X-Ray encryption (observability), the registry scanning and replication (cluster) and GitHub's OIDC provider (state). Set false where another environment of the account, or the organisation, owns them.",
  ),
});

const edgeSchema = z.strictObject({
  hostedZoneId: optional(
    z.string().regex(/^Z[A-Z0-9]{4,31}$/, {
      error: 'must be a Route53 hosted zone id such as Z0123456789ABC',
    }),
    'An existing public hosted zone for `dnsDomain`; without it the primary edge stack creates one.',
  ),
  routing: defaulted(
    z.enum(RoutingPolicy),
    always(RoutingPolicy.FAILOVER),
    'How Route53 spreads the API host over the regions: `failover`, `latency` or `weighted`.',
  ),
  weights: optional(
    z.strictObject({
      primary: z.number().int().min(0).max(255),
      secondary: z.number().int().min(0).max(255).optional(),
    }),
    'Share per region (`primary`, `secondary`) for weighted routing.',
  ),
  healthCheckPath: defaulted(
    z.string().regex(/^\/[\w./-]*$/, { error: 'must be an absolute URL path such as /healthz' }),
    always('/healthz'),
    'HTTPS path the Route53 health checks and the canaries request.',
  ),
  rateLimitPerFiveMinutes: defaulted(
    z.number().int().min(10).max(2_000_000_000),
    always(2000),
    'Requests one client IP may send in 5 minutes before WAF blocks it.',
  ),
  apiRateLimitPerKeyPerFiveMinutes: defaulted(
    z.number().int().min(10).max(2_000_000_000),
    always(6000),
    'Requests one API credential (its Authorization header) may send in 5 minutes before WAF blocks it.',
  ),
  blockedCountries: defaulted(
    z.array(
      z.string().regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166 alpha-2 code such as KP' }),
    ),
    always<string[]>([...SANCTIONED_COUNTRIES]),
    'Country codes WAF blocks outright; by default the countries under comprehensive U.S. sanctions (CU, IR, KP, SY). `[]` blocks none.',
  ),
  botControl: defaulted(
    z.enum(['off', 'common', 'targeted']),
    always('common'),
    'AWS WAF Bot Control on the portal host: `common` (bot signatures), `targeted` (also browser challenges and behaviour; billed higher) or `off`. The API hosts are never inspected: their clients are programs.',
  ),
  corsOrigins: defaulted(
    z.array(
      z.string().regex(/^https:\/\/[a-z0-9.-]+(:\d+)?$/, {
        error: 'must be an https origin such as https://app.example.com',
      }),
    ),
    none(),
    "Browser origins besides the portal's that may call the API (the front door's CORS policy).",
  ),
  shieldAdvanced: defaulted(
    z.boolean(),
    always(false),
    'Shield Advanced protection (the account must be subscribed).',
  ),
  priceClass: defaulted(
    z.enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All']),
    perTier(productionOr('PriceClass_All', 'PriceClass_100')),
    'CloudFront price class.',
  ),
  deletionProtection: defaulted(
    z.boolean(),
    productionOnly,
    'Deletion protection of the load balancers.',
  ),
});

const stateSchema = z.strictObject({
  replication: defaulted(
    z.boolean(),
    derived(
      'true in production with a secondary region',
      (context) => context.tier === PRODUCTION && context.hasSecondaryRegion,
    ),
    "Replicate the state bucket to the secondary region, under that region's key.",
  ),
  activeRegion: defaulted(
    z.enum(['primary', 'secondary']),
    always('primary'),
    "Where every stack keeps and reads its state: the primary region's bucket, or (`secondary`, while the primary region is out) its replica in the secondary region, locked by S3 lock objects there. Switching back first copies each state home (README, State failover).",
  ),
});

const deliverySchema = z.strictObject({
  promotionOrder: defaulted(
    z.number().int().min(0).max(9),
    // 1 is the test environment's (a development-tier environment between dev and staging).
    perTier({ [DEVELOPMENT]: 0, [STAGING]: 2, [PRODUCTION]: 3 }),
    'Place in the promotion order: the apply workflow applies every layer of lower numbers first, and a failure stops every later environment (dev, then test, then staging, then prod).',
  ),
  soakMinutes: defaulted(
    z.number().int().min(0).max(1440),
    perTier({ [DEVELOPMENT]: 30, [STAGING]: 60, [PRODUCTION]: 0 }),
    'Minutes this environment must run after an apply, with none of its alarms firing, before the apply workflow moves on to the next environment in the promotion order.',
  ),
  githubRepository: optional(
    z.string().regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, {
      error: 'must be a GitHub repository such as example-org/strata',
    }),
    "GitHub repository (`owner/name`) whose workflows plan and apply this environment: the state bootstrap creates GitHub's OIDC provider and the plan and apply roles it may assume. Without it no workflow identity is created.",
  ),
});

const layerSwitch = (layer: LayerName) =>
  defaulted(z.boolean(), always(true), `Whether the ${layer} layer has stacks here.`);

const layersSchema = z.strictObject({
  state: layerSwitch('state'),
  network: layerSwitch('network'),
  cluster: layerSwitch('cluster'),
  data: layerSwitch('data'),
  edge: layerSwitch('edge'),
  observability: layerSwitch('observability'),
} satisfies Record<(typeof LAYERS)[number], z.ZodBoolean>);

export const environmentSchema = z.strictObject({
  name: required(
    z.string().regex(/^[a-z][a-z0-9]{1,31}$/, {
      error: 'must be 2-32 lowercase letters or digits, starting with a letter',
    }),
    'Environment name; equals the file name without extension.',
  ),
  tier: required(
    z.enum(EnvironmentTier),
    '`production`, `staging` or `development`; production switches on the high-availability rules and defaults.',
  ),
  accountId: required(
    z.string().regex(/^\d{12}$/, { error: 'must be a quoted string of exactly 12 digits' }),
    'AWS account id; the provider refuses to act on any other account.',
  ),
  project: defaulted(
    z.string().regex(/^[a-z][a-z0-9]{1,19}$/, {
      error: 'must be 2-20 lowercase letters or digits, starting with a letter',
    }),
    always(DEFAULT_PROJECT),
    'Prefix of every resource name.',
  ),
  costCentre: required(z.string().min(1), 'Cost allocation tag (`CostCentre`) of every resource.'),
  regions: z.strictObject({
    primary: regionSchema,
    secondary: optional(regionSchema, 'Warm standby region; production needs one.'),
  }),
  network: networkSchema,
  dnsDomain: required(
    z.string().regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
      error: 'must be a lowercase DNS name such as api.example.com',
    }),
    'Public DNS domain the edge layer serves, e.g. `api.example.com`.',
  ),
  budget: budgetSchema,
  tags: defaulted(
    z.record(z.string(), z.string()),
    always({}),
    'Extra tags on every resource, beside the ones Strata sets itself.',
  ),
  layers: layersSchema,
  emulator: optional(
    z.strictObject({
      endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    }),
    'AWS emulator `endpoint` (non-production only); every AWS call goes there instead.',
  ),
  state: stateSchema,
  delivery: deliverySchema,
  cluster: optional(
    clusterSchema,
    'EKS and in-cluster settings; required when the cluster layer is on.',
  ),
  data: dataSchema,
  observability: observabilitySchema,
  edge: edgeSchema,
});

/** An environment file's content as the schema reads it, defaults filled. */
export type EnvironmentModel = z.output<typeof environmentSchema>;
