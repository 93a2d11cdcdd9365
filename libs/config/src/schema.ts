import { z } from 'zod';
import { EnvironmentTier, LAYERS, NatStrategy, RoutingPolicy, TableBilling } from './environment';

/**
 * Shape of an environment file as written by people. Every object is strict, so a
 * misspelt field is an error rather than a silently ignored setting. Defaults that
 * depend on other fields (NAT strategy, peering) are applied by the loader.
 */
const regionSchema = z.strictObject({
  name: z.string(),
  vpcCidr: z.string(),
});

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

const nodeGroupSchema = z.strictObject({
  instanceTypes: z
    .array(
      z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, {
        error: 'must be an EC2 instance type such as m7i.large',
      }),
    )
    .min(1),
  minSize: z.number().int().min(0),
  maxSize: z.number().int().min(1),
  desiredSize: z.number().int().min(0),
  diskSizeGib: z.number().int().min(20).max(1000).optional(),
});

const clusterSchema = z.strictObject({
  kubernetesVersion: z.string().regex(/^1\.\d{2}$/, {
    error: "must be a quoted Kubernetes minor version such as '1.33'",
  }),
  publicAccessCidrs: z.array(z.string()).optional(),
  adminRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM role name' }),
  controlPlaneLogRetentionDays: logRetentionDays.optional(),
  nodeGroups: z
    .strictObject({
      system: nodeGroupSchema.optional(),
      general: nodeGroupSchema.optional(),
      spot: nodeGroupSchema.optional(),
    })
    .optional(),
  gitops: z.strictObject({
    repoUrl: z.string().regex(/^(https:\/\/|git@)[^\s]+$/, {
      error: 'must be an https:// or git@ repository URL',
    }),
    revision: z.string().min(1).optional(),
    sso: z
      .strictObject({
        issuerUrl: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }),
        clientId: z.string().min(1),
        adminGroups: z.array(z.string().min(1)).min(1),
        readOnlyGroups: z.array(z.string().min(1)).optional(),
      })
      .optional(),
  }),
  monitoring: z
    .strictObject({
      retentionDays: z.number().int().min(1).max(365).optional(),
      storageGib: z.number().int().min(10).max(16000).optional(),
      alertRoutes: z
        .array(
          z.strictObject({
            receiver: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, {
              error: 'must be a lowercase name such as platform-oncall',
            }),
            matchers: z.array(z.string().min(1)).min(1),
            webhookUrl: z.url({ protocol: /^https$/, error: 'must be an https URL' }),
          }),
        )
        .optional(),
    })
    .optional(),
});

const capacityRange = z.strictObject({
  min: z.number().int().min(1),
  max: z.number().int().min(1),
});

const instanceClass = (example: string, pattern: RegExp) =>
  z.string().regex(pattern, { error: `must be an instance type such as ${example}` });

const dataSchema = z.strictObject({
  replication: z.boolean().optional(),
  aurora: z
    .strictObject({
      engineVersion: z.string().regex(/^\d{2}\.\d+$/, {
        error: "must be a quoted Aurora PostgreSQL version such as '16.6'",
      }),
      instanceClass: instanceClass('db.r7g.large', /^db\.[a-z0-9]+\.[a-z0-9]+$/),
      instancesPerRegion: z.number().int().min(1).max(15),
      backupRetentionDays: z.number().int().min(1).max(35),
    })
    .partial()
    .optional(),
  dynamodb: z
    .strictObject({
      billing: z.enum(TableBilling),
      readCapacity: capacityRange,
      writeCapacity: capacityRange,
    })
    .partial()
    .optional(),
  dax: z
    .strictObject({
      nodeType: instanceClass('dax.r5.large', /^dax\.[a-z0-9]+\.[a-z0-9]+$/),
      nodes: z.number().int().min(1).max(10),
    })
    .partial()
    .optional(),
  redis: z
    .strictObject({
      nodeType: instanceClass('cache.r7g.large', /^cache\.[a-z0-9]+\.[a-z0-9]+$/),
      shards: z.number().int().min(1).max(500),
      replicasPerShard: z.number().int().min(1).max(5),
      snapshotRetentionDays: z.number().int().min(1).max(35),
    })
    .partial()
    .optional(),
  openSearch: z
    .strictObject({
      instanceType: instanceClass('r7g.large.search', /^[a-z0-9]+\.[a-z0-9]+\.search$/),
      instanceCount: z.number().int().min(1).max(80),
      dedicatedMasterType: instanceClass('m7g.large.search', /^[a-z0-9]+\.[a-z0-9]+\.search$/),
      volumeGib: z.number().int().min(10).max(16000),
      masterRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, { error: 'must be an IAM role name' }),
    })
    .partial()
    .optional(),
  kafka: z
    .strictObject({
      brokerType: instanceClass('kafka.m7g.large', /^kafka\.[a-z0-9]+\.[a-z0-9]+$/),
      brokersPerAz: z.number().int().min(1).max(10),
      volumeGib: z.number().int().min(1).max(16384),
    })
    .partial()
    .optional(),
  auditLogRetentionDays: z.number().int().min(1).max(36500).optional(),
  backupRetentionDays: z.number().int().min(1).max(36500).optional(),
});

/** An alarm notification endpoint: an email address or an HTTPS webhook. */
const notificationEndpoint = z.union([z.email(), z.url({ protocol: /^https$/ })], {
  error: 'must be an email address or an https URL',
});

const observabilitySchema = z.strictObject({
  logRetentionDays: logRetentionDays.optional(),
  notifications: z
    .strictObject({
      critical: z.array(notificationEndpoint).min(1),
      warning: z.array(notificationEndpoint).min(1),
    })
    .partial()
    .optional(),
  canaryIntervalMinutes: z.number().int().min(1).max(60).optional(),
  traceSampleRate: z.number().min(0).max(1).optional(),
  securityServices: z.boolean().optional(),
});

const edgeSchema = z.strictObject({
  hostedZoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{4,31}$/, {
      error: 'must be a Route53 hosted zone id such as Z0123456789ABC',
    })
    .optional(),
  routing: z.enum(RoutingPolicy).optional(),
  weights: z
    .strictObject({
      primary: z.number().int().min(0).max(255),
      secondary: z.number().int().min(0).max(255).optional(),
    })
    .optional(),
  healthCheckPath: z
    .string()
    .regex(/^\/[\w./-]*$/, { error: 'must be an absolute URL path such as /healthz' })
    .optional(),
  rateLimitPerFiveMinutes: z.number().int().min(10).max(2_000_000_000).optional(),
  blockedCountries: z
    .array(z.string().regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166 alpha-2 code such as KP' }))
    .optional(),
  shieldAdvanced: z.boolean().optional(),
  priceClass: z.enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All']).optional(),
});

const layerSwitches = Object.fromEntries(LAYERS.map((layer) => [layer, z.boolean().optional()]));

export const environmentFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9]{1,31}$/, {
    error: 'must be 2-32 lowercase letters or digits, starting with a letter',
  }),
  tier: z.enum(EnvironmentTier),
  accountId: z.string().regex(/^\d{12}$/, {
    error: 'must be a quoted string of exactly 12 digits',
  }),
  project: z
    .string()
    .regex(/^[a-z][a-z0-9]{1,19}$/, {
      error: 'must be 2-20 lowercase letters or digits, starting with a letter',
    })
    .optional(),
  costCentre: z.string().min(1),
  regions: z.strictObject({
    primary: regionSchema,
    secondary: regionSchema.optional(),
  }),
  network: z.strictObject({
    azCount: z.number().int().min(1).max(6),
    natStrategy: z.enum(NatStrategy).optional(),
    flowLogRetentionDays: logRetentionDays.optional(),
    interfaceEndpoints: z.boolean().optional(),
    transitGatewayPeering: z.boolean().optional(),
  }),
  dnsDomain: z.string().regex(/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    error: 'must be a lowercase DNS name such as api.example.com',
  }),
  budget: z.strictObject({
    monthlyLimitUsd: z.number().positive(),
    alertEmails: z.array(z.email({ error: 'must be an email address' })).min(1),
  }),
  tags: z.record(z.string(), z.string()).optional(),
  layers: z.strictObject(layerSwitches).optional(),
  emulator: z
    .strictObject({
      endpoint: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    })
    .optional(),
  cluster: clusterSchema.optional(),
  data: dataSchema.optional(),
  observability: observabilitySchema.optional(),
  edge: edgeSchema.optional(),
});

export type EnvironmentFile = z.infer<typeof environmentFileSchema>;
