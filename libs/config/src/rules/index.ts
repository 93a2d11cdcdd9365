import type { EnvironmentConfig } from '../environment';
import { budgetRecipients, emulatorNotProduction, recipientsUnique, tagLimits } from './account';
import {
  alertMatchers,
  alertReceiversUnique,
  clusterConfigPresent,
  instanceFamilyArchitecture,
  instanceFamilyRequirements,
  nodeGroupSizes,
  productionSystemNodes,
  publicEndpointAllowList,
  spotDiversification,
  ssoOneIdentityProvider,
  supportedKubernetesVersion,
} from './cluster';
import {
  auroraDataApi,
  automaticFailoverNeedsReplication,
  capacityRanges,
  openSearchZones,
  productionBackupRetention,
  productionDaxNodes,
  replicationNeedsSecondary,
  stateReplicationNeedsSecondary,
  stateFailoverNeedsReplica,
} from './data';
import { secondaryWeightNeedsRegion, weightedRoutingWeights } from './edge';
import {
  componentAlertRoutes,
  componentCapacity,
  componentCatalogue,
  componentImages,
  componentReplicas,
} from './components';
import { layerDependencies, partitionLayers } from './layers';
import { componentLogTiers, guardDutyRegions } from './observability';
import { canaryNameFits, daxNameFits, fileNameMatches, namesFitLimits } from './naming';
import {
  availabilityZoneIds,
  azCountAvailable,
  distinctRegions,
  knownRegion,
  layerAvailabilityZones,
  peeredCidrsDisjoint,
  peeringNeedsSecondary,
  productionAvailabilityZones,
  productionNatPerAz,
  productionSecondaryRegion,
  vpcCidrShape,
} from './network';
import { Rule, RuleFinding } from './rule';
import { urlHygiene } from './urls';

export type { Rule, RuleFinding } from './rule';
export { BUDGET_EMAIL_RECIPIENTS_MAX } from './account';
export { checkEnvironmentSet } from './environments';

/** Cross-field rules, applied once the file has the model's shape. Order is the report order. */
export const ENVIRONMENT_RULES: readonly Rule[] = [
  fileNameMatches,
  knownRegion,
  distinctRegions,
  vpcCidrShape,
  peeredCidrsDisjoint,
  productionAvailabilityZones,
  layerAvailabilityZones,
  productionSecondaryRegion,
  productionNatPerAz,
  azCountAvailable,
  availabilityZoneIds,
  peeringNeedsSecondary,
  namesFitLimits,
  tagLimits,
  urlHygiene,
  budgetRecipients,
  recipientsUnique,
  emulatorNotProduction,
  clusterConfigPresent,
  supportedKubernetesVersion,
  ssoOneIdentityProvider,
  nodeGroupSizes,
  productionSystemNodes,
  instanceFamilyArchitecture,
  instanceFamilyRequirements,
  spotDiversification,
  publicEndpointAllowList,
  alertReceiversUnique,
  alertMatchers,
  replicationNeedsSecondary,
  automaticFailoverNeedsReplication,
  stateReplicationNeedsSecondary,
  stateFailoverNeedsReplica,
  productionBackupRetention,
  auroraDataApi,
  capacityRanges,
  openSearchZones,
  productionDaxNodes,
  daxNameFits,
  canaryNameFits,
  layerDependencies,
  partitionLayers,
  weightedRoutingWeights,
  secondaryWeightNeedsRegion,
  componentCatalogue,
  componentImages,
  componentReplicas,
  componentCapacity,
  componentAlertRoutes,
  componentLogTiers,
  guardDutyRegions,
];

/** Every finding of every rule on one environment; empty when it passes them all. */
export function checkEnvironment(env: EnvironmentConfig): RuleFinding[] {
  return ENVIRONMENT_RULES.flatMap((rule) => rule(env));
}
