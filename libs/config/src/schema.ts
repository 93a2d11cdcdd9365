import { z } from 'zod';
import { EnvironmentTier, LAYERS, NatStrategy } from './environment';

/**
 * Shape of an environment file as written by people. Every object is strict, so a
 * misspelt field is an error rather than a silently ignored setting. Defaults that
 * depend on other fields (NAT strategy, peering) are applied by the loader.
 */
const regionSchema = z.strictObject({
  name: z.string(),
  vpcCidr: z.string(),
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
    flowLogRetentionDays: z
      .union([
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
      ])
      .optional(),
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
});

export type EnvironmentFile = z.infer<typeof environmentFileSchema>;
