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
