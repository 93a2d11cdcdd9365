import { AWS_REGIONS, isKnownRegion, unknownRegionMessage } from '../aws-regions';
import { excerpt } from '../text-excerpt';
import {
  canonicalCidr,
  cidrsOverlap,
  isPrivateCidr,
  parseCidr,
} from '@strata/constructs/vocabulary';
import { isProduction, LAYERS, LayerName, NatStrategy } from '../environment';
import { PRODUCTION_MIN_AZS, regionFields, Rule, RuleFinding } from './rule';

const VPC_PREFIX_MIN = 16;
const VPC_PREFIX_MAX = 20;

/** Layers AWS refuses in fewer than two availability zones, and what refuses them. */
const TWO_AZ_LAYERS: Partial<Record<LayerName, string>> = {
  cluster: 'EKS needs subnets in two AZs',
  data: 'Aurora and ElastiCache subnet groups, MSK and OpenSearch need two AZs',
  edge: 'an application load balancer needs subnets in two AZs',
};

export const knownRegion: Rule = (env) =>
  regionFields(env)
    .filter(([, region]) => !isKnownRegion(region.name))
    .map(([field, region]) => ({
      field: `${field}.name`,
      rule: 'known-region',
      message: unknownRegionMessage(region.name),
    }));

export const distinctRegions: Rule = (env) =>
  env.secondaryRegion && env.secondaryRegion.name === env.primaryRegion.name
    ? [
        {
          field: 'regions.secondary.name',
          rule: 'distinct-regions',
          message: `is the same region as regions.primary.name (${env.primaryRegion.name})`,
        },
      ]
    : [];

/** A CIDR field's format: canonical spelling first, then anything else parseCidr refuses. */
export function cidrFormat(field: string, text: string): RuleFinding[] {
  const canonical = canonicalCidr(text);
  if (canonical !== undefined && canonical !== text) {
    return [
      {
        field,
        rule: 'cidr-canonical',
        message: `"${text}" is not written canonically; write ${canonical} (Terraform refuses leading zeros, and host bits would give the VPC one range and its subnets another)`,
      },
    ];
  }
  const parsed = parseCidr(text);
  return typeof parsed === 'string'
    ? [{ field, rule: 'cidr-format', message: `"${text}" ${parsed}` }]
    : [];
}

export const vpcCidrShape: Rule = (env) =>
  regionFields(env).flatMap(([field, region]) => {
    const at = `${field}.vpcCidr`;
    const format = cidrFormat(at, region.vpcCidr);
    const parsed = parseCidr(region.vpcCidr);
    if (format.length > 0 || typeof parsed === 'string') return format;
    const findings: RuleFinding[] = [];
    if (!isPrivateCidr(parsed)) {
      findings.push({
        field: at,
        rule: 'cidr-private',
        message: `${region.vpcCidr} is not inside an RFC 1918 private range (10/8, 172.16/12, 192.168/16)`,
      });
    }
    if (parsed.prefixLength < VPC_PREFIX_MIN || parsed.prefixLength > VPC_PREFIX_MAX) {
      findings.push({
        field: at,
        rule: 'cidr-size',
        message: `${region.vpcCidr} must be between /${VPC_PREFIX_MIN} and /${VPC_PREFIX_MAX} so every planned subnet is at least /26`,
      });
    }
    return findings;
  });

export const peeredCidrsDisjoint: Rule = (env) => {
  if (!env.secondaryRegion) return [];
  const primary = parseCidr(env.primaryRegion.vpcCidr);
  const secondary = parseCidr(env.secondaryRegion.vpcCidr);
  if (typeof primary === 'string' || typeof secondary === 'string') return [];
  return cidrsOverlap(primary, secondary)
    ? [
        {
          field: 'regions.secondary.vpcCidr',
          rule: 'cidrs-disjoint',
          message: `${env.secondaryRegion.vpcCidr} overlaps regions.primary.vpcCidr ${env.primaryRegion.vpcCidr}; peered VPCs need disjoint ranges`,
        },
      ]
    : [];
};

export const productionAvailabilityZones: Rule = (env) =>
  isProduction(env) && env.network.azCount < PRODUCTION_MIN_AZS
    ? [
        {
          field: 'network.azCount',
          rule: 'production-min-azs',
          message: `is ${env.network.azCount}; a production environment needs at least ${PRODUCTION_MIN_AZS} availability zones`,
        },
      ]
    : [];

export const layerAvailabilityZones: Rule = (env) => {
  const needing = LAYERS.filter((layer) => env.layers[layer] && TWO_AZ_LAYERS[layer]);
  return env.network.azCount < 2 && needing.length > 0
    ? [
        {
          field: 'network.azCount',
          rule: 'layer-min-azs',
          message: `is ${env.network.azCount}, but the ${needing.join(', ')} layer${needing.length > 1 ? 's' : ''} need at least 2 (${needing.map((layer) => TWO_AZ_LAYERS[layer]).join('; ')}); set azCount: 2 or switch ${needing.length > 1 ? 'them' : 'it'} off`,
        },
      ]
    : [];
};

export const productionSecondaryRegion: Rule = (env) =>
  isProduction(env) && !env.secondaryRegion
    ? [
        {
          field: 'regions.secondary',
          rule: 'production-secondary-region',
          message: 'is missing; a production environment needs a secondary region for failover',
        },
      ]
    : [];

export const productionNatPerAz: Rule = (env) =>
  isProduction(env) && env.network.natStrategy !== NatStrategy.PER_AZ
    ? [
        {
          field: 'network.natStrategy',
          rule: 'production-nat-per-az',
          message: `is "${env.network.natStrategy}"; production needs "${NatStrategy.PER_AZ}" so one AZ outage cannot cut egress for the others`,
        },
      ]
    : [];

export const azCountAvailable: Rule = (env) =>
  regionFields(env)
    .filter(([, region]) => isKnownRegion(region.name))
    .filter(([, region]) => env.network.azCount > AWS_REGIONS[region.name].availabilityZones)
    .map(([field, region]) => ({
      field: 'network.azCount',
      rule: 'az-count-available',
      message: `is ${env.network.azCount} but ${region.name} (${field}) has only ${AWS_REGIONS[region.name].availabilityZones} availability zones`,
    }));

export const peeringNeedsSecondary: Rule = (env) =>
  env.network.transitGatewayPeering && !env.secondaryRegion
    ? [
        {
          field: 'network.transitGatewayPeering',
          rule: 'peering-needs-secondary',
          message: 'is true but there is no regions.secondary to peer with',
        },
      ]
    : [];

export const availabilityZoneIds: Rule = (env) =>
  regionFields(env).flatMap(([field, region]) => {
    const ids = region.availabilityZoneIds;
    if (!ids) return [];
    const at = `${field}.availabilityZoneIds`;
    const problems: RuleFinding[] = [];
    if (ids.length !== env.network.azCount) {
      problems.push({
        field: at,
        rule: 'availability-zone-ids',
        message: `lists ${ids.length} zones but network.azCount is ${env.network.azCount}; give one per AZ`,
      });
    }
    const known = AWS_REGIONS[region.name]?.zoneIds;
    const foreign = known ? ids.filter((id) => !known.includes(id)) : [];
    if (known && foreign.length > 0) {
      problems.push({
        field: at,
        rule: 'availability-zone-ids',
        message: `${foreign.map((id) => excerpt(id, 20)).join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not a zone of ${region.name} (its zone IDs are ${known.join(', ')})`,
      });
    }
    if (new Set(ids).size !== ids.length) {
      problems.push({ field: at, rule: 'availability-zone-ids', message: 'lists a zone twice' });
    }
    return problems;
  });
