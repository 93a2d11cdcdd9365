import { DEFAULT_NODE_GROUPS } from './cluster-defaults';
import { resolveDataSettings } from './data-defaults';
import { resolveEdgeSettings, resolveObservabilitySettings } from './operations-defaults';
import { EnvironmentConfig, EnvironmentTier, NatStrategy } from './environment';

/**
 * A valid production-shaped environment for construct tests and examples; pass
 * overrides for the fields a test is about. It does not read any file.
 */
export function exampleEnvironment(overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  const primaryRegion = overrides.primaryRegion ?? { name: 'us-east-1', vpcCidr: '10.0.0.0/16' };
  const secondaryRegion =
    'secondaryRegion' in overrides
      ? overrides.secondaryRegion
      : { name: 'us-west-2', vpcCidr: '10.1.0.0/16' };
  return {
    name: 'prod',
    tier: EnvironmentTier.PRODUCTION,
    sourceFile: 'environments/prod.yaml',
    accountId: '333333333333',
    project: 'strata',
    costCentre: 'platform-prod',
    dnsDomain: 'api.strata.example.com',
    budget: { monthlyLimitUsd: 1000, alertEmails: ['finops@example.com'] },
    tags: {},
    layers: {
      state: true,
      network: true,
      cluster: true,
      data: true,
      observability: true,
      edge: true,
    },
    cluster: {
      kubernetesVersion: '1.34',
      publicAccessCidrs: [],
      adminRoleName: 'platform-admin',
      controlPlaneLogRetentionDays: 90,
      nodeGroups: DEFAULT_NODE_GROUPS[EnvironmentTier.PRODUCTION],
      gitops: {
        repoUrl: 'https://github.com/example-org/strata.git',
        revision: 'main',
        sso: {
          issuerUrl: 'https://login.example.com',
          clientId: 'strata-argocd',
          adminGroups: ['platform-engineering'],
          readOnlyGroups: ['developers'],
        },
      },
      monitoring: {
        retentionDays: 30,
        storageGib: 200,
        alertRoutes: [
          {
            receiver: 'platform-oncall',
            matchers: ['severity="critical"'],
            webhookUrl: 'https://events.example.com/platform-oncall',
          },
        ],
      },
    },
    data: resolveDataSettings(
      undefined,
      overrides.tier ?? EnvironmentTier.PRODUCTION,
      !!secondaryRegion,
      overrides.network?.azCount ?? 3,
    ),
    observability: resolveObservabilitySettings(
      undefined,
      overrides.tier ?? EnvironmentTier.PRODUCTION,
      overrides.budget ?? { monthlyLimitUsd: 1000, alertEmails: ['finops@example.com'] },
    ),
    edge: resolveEdgeSettings(undefined, overrides.tier ?? EnvironmentTier.PRODUCTION),
    ...overrides,
    network: {
      azCount: 3,
      natStrategy: NatStrategy.PER_AZ,
      flowLogRetentionDays: 30,
      interfaceEndpoints: true,
      transitGatewayPeering: !!secondaryRegion,
      ...overrides.network,
    },
    primaryRegion,
    secondaryRegion,
    regions: secondaryRegion ? [primaryRegion, secondaryRegion] : [primaryRegion],
  };
}
