/**
 * Commercial AWS regions Strata can deploy to, with the number of availability zones
 * every account sees there. An unknown or mistyped region fails config validation
 * instead of failing minutes into a `terraform apply`.
 */
export const AWS_REGIONS: Readonly<Record<string, { readonly availabilityZones: number }>> = {
  'us-east-1': { availabilityZones: 6 },
  'us-east-2': { availabilityZones: 3 },
  'us-west-1': { availabilityZones: 2 },
  'us-west-2': { availabilityZones: 4 },
  'ca-central-1': { availabilityZones: 3 },
  'ca-west-1': { availabilityZones: 3 },
  'mx-central-1': { availabilityZones: 3 },
  'sa-east-1': { availabilityZones: 3 },
  'eu-west-1': { availabilityZones: 3 },
  'eu-west-2': { availabilityZones: 3 },
  'eu-west-3': { availabilityZones: 3 },
  'eu-central-1': { availabilityZones: 3 },
  'eu-central-2': { availabilityZones: 3 },
  'eu-north-1': { availabilityZones: 3 },
  'eu-south-1': { availabilityZones: 3 },
  'eu-south-2': { availabilityZones: 3 },
  'ap-south-1': { availabilityZones: 3 },
  'ap-south-2': { availabilityZones: 3 },
  'ap-northeast-1': { availabilityZones: 3 },
  'ap-northeast-2': { availabilityZones: 4 },
  'ap-northeast-3': { availabilityZones: 3 },
  'ap-southeast-1': { availabilityZones: 3 },
  'ap-southeast-2': { availabilityZones: 3 },
  'ap-southeast-3': { availabilityZones: 3 },
  'ap-southeast-4': { availabilityZones: 3 },
  'ap-southeast-5': { availabilityZones: 3 },
  'ap-southeast-7': { availabilityZones: 3 },
  'ap-east-1': { availabilityZones: 3 },
  'me-south-1': { availabilityZones: 3 },
  'me-central-1': { availabilityZones: 3 },
  'il-central-1': { availabilityZones: 3 },
  'af-south-1': { availabilityZones: 3 },
};

/**
 * Zone IDs not to place subnets in by default, per region: use1-az3 accepts no new capacity
 * for most instance types in new accounts.
 */
const CONSTRAINED_ZONE_IDS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['use1-az3'],
};

/**
 * The zone IDs an environment uses in a region when its file names none: `<code>-az1`,
 * `-az2`, ... (zone IDs are the same physical zones in every account), skipping constrained
 * ones.
 */
export function defaultAvailabilityZoneIds(region: string, count: number): string[] {
  const constrained = CONSTRAINED_ZONE_IDS[region] ?? [];
  const ids: string[] = [];
  for (let index = 1; ids.length < count && index <= 12; index++) {
    const id = `${regionCode(region)}-az${index}`;
    if (!constrained.includes(id)) ids.push(id);
  }
  return ids;
}

export function isKnownRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(AWS_REGIONS, region);
}

/** `us-east-1` -> `use1`: a short, stable region code for names with tight length limits. */
export function regionCode(region: string): string {
  const [area, direction, index] = region.split('-');
  const directionCode = direction
    .replace('northeast', 'ne')
    .replace('northwest', 'nw')
    .replace('southeast', 'se')
    .replace('southwest', 'sw')
    .replace('central', 'c')
    .replace('north', 'n')
    .replace('south', 's')
    .replace('east', 'e')
    .replace('west', 'w');
  return `${area}${directionCode}${index}`;
}
