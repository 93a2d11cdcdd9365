import { COMPONENT_CATALOGUE, PLATFORM_COMPONENTS } from '@strata/constructs/vocabulary';
import { ConfigError } from './config-error';
import { EnvironmentConfig } from './environment';
import type { EnvironmentModel } from './model/schema';
import { parseEnvironment } from './parse-environment';

/**
 * Changes to an environment file: objects merge field by field, anything else (lists
 * included) replaces, and `null` removes the field so its default applies.
 */
export type EnvironmentPatch<T = EnvironmentModel> = {
  readonly [K in keyof T]?: NonNullable<T[K]> extends readonly unknown[]
    ? T[K] | null
    : NonNullable<T[K]> extends object
      ? EnvironmentPatch<NonNullable<T[K]>> | null
      : T[K] | null;
};

/** The example production environment's file: two regions, every layer, SSO and routes. */
const EXAMPLE_FILE: EnvironmentPatch = {
  name: 'prod',
  tier: 'production' as EnvironmentModel['tier'],
  accountId: '333333333333',
  costCentre: 'platform-prod',
  regions: {
    primary: { name: 'us-east-1', vpcCidr: '10.0.0.0/16' },
    secondary: { name: 'us-west-2', vpcCidr: '10.1.0.0/16' },
  },
  network: { azCount: 3 },
  dnsDomain: 'api.strata.example.com',
  budget: { monthlyLimitUsd: 1000, alertEmails: ['finops@example.com'] },
  delivery: { githubRepository: 'example-org/strata' },
  cluster: {
    kubernetesVersion: '1.35',
    adminRoleName: 'platform-admin',
    gitops: {
      repoUrl: 'https://github.com/example-org/strata.git',
      sso: {
        issuerUrl: 'https://login.example.com',
        clientId: 'strata-argocd',
        adminGroups: ['platform-engineering'],
        readOnlyGroups: ['developers'],
      },
    },
    // Every catalogue component, delivered.
    components: Object.fromEntries(
      PLATFORM_COMPONENTS.map((component) => [component, { image: '1.0.0' }]),
    ),
    monitoring: {
      sso: {
        issuerUrl: 'https://login.example.com',
        clientId: 'strata-grafana',
        authorizationUrl: 'https://login.example.com/oauth2/v1/authorize',
        tokenUrl: 'https://login.example.com/oauth2/v1/token',
        userInfoUrl: 'https://login.example.com/oauth2/v1/userinfo',
        adminGroups: ['platform-engineering'],
        viewerGroups: ['developers'],
      },
      alertRoutes: [
        // Each owner team's route before the catch-all (the production rule).
        ...[...new Set(Object.values(COMPONENT_CATALOGUE).map((spec) => spec.owner))].map(
          (team) => ({
            receiver: `team-${team}`,
            matchers: [`team="${team}"`],
            webhookUrl: `https://events.example.com/team-${team}`,
          }),
        ),
        {
          receiver: 'platform-oncall',
          matchers: ['severity="critical"'],
          webhookUrl: 'https://events.example.com/platform-oncall',
        },
      ],
    },
  },
};

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function applyPatch(base: unknown, patch: unknown): unknown {
  if (!isMapping(base) || !isMapping(patch)) return patch;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = applyPatch(merged[key], value);
  }
  return merged;
}

/**
 * The example production file with `patch` applied, as plain data (what YAML would parse to),
 * for specs that write a file and load it.
 */
export function exampleEnvironmentFile(patch: EnvironmentPatch = {}): Record<string, unknown> {
  return JSON.parse(JSON.stringify(applyPatch(EXAMPLE_FILE, patch))) as Record<string, unknown>;
}

/**
 * A valid environment for construct tests and examples: the example production file with
 * `patch` applied, through the same file format, defaults and rules as a real file (so a
 * test cannot build an environment the loader would refuse). It reads no file; the source
 * file is `environments/<name>.yaml`.
 */
export function exampleEnvironment(patch: EnvironmentPatch = {}): EnvironmentConfig {
  const file = applyPatch(EXAMPLE_FILE, patch);
  const name = isMapping(file) && typeof file.name === 'string' ? file.name : 'example';
  const parsed = parseEnvironment(file, `environments/${name}.yaml`);
  if (!parsed.environment || parsed.issues.length > 0) throw new ConfigError(parsed.issues);
  return parsed.environment;
}
