import { AwsPartition } from '@strata/constructs/vocabulary';

/**
 * The zone IDs of each AWS region Strata can deploy to, as AWS's "AWS Availability
 * Zones" page lists them (docs.aws.amazon.com/global-infrastructure/latest/regions/
 * aws-availability-zones.html). Zone IDs are the same physical zones in every account, and
 * they are not always numbered without gaps: us-west-1 has az1 and az3, ca-central-1 and
 * ap-northeast-1 have az1, az2 and az4. An unknown or mistyped region, or a zone a region
 * does not have, fails config validation instead of failing minutes into a `terraform apply`.
 */
const REGION_ZONE_NUMBERS: Readonly<Record<string, readonly number[]>> = {
  'us-east-1': [1, 2, 3, 4, 5, 6],
  'us-east-2': [1, 2, 3],
  'us-west-1': [1, 3],
  'us-west-2': [1, 2, 3, 4],
  'ca-central-1': [1, 2, 4],
  'ca-west-1': [1, 2, 3],
  'mx-central-1': [1, 2, 3],
  'sa-east-1': [1, 2, 3],
  'eu-west-1': [1, 2, 3],
  'eu-west-2': [1, 2, 3],
  'eu-west-3': [1, 2, 3],
  'eu-central-1': [1, 2, 3],
  'eu-central-2': [1, 2, 3],
  'eu-north-1': [1, 2, 3],
  'eu-south-1': [1, 2, 3],
  'eu-south-2': [1, 2, 3],
  'ap-south-1': [1, 2, 3],
  'ap-south-2': [1, 2, 3],
  'ap-northeast-1': [1, 2, 4],
  'ap-northeast-2': [1, 2, 3, 4],
  'ap-northeast-3': [1, 2, 3],
  'ap-southeast-1': [1, 2, 3],
  'ap-southeast-2': [1, 2, 3],
  'ap-southeast-3': [1, 2, 3],
  'ap-southeast-4': [1, 2, 3],
  'ap-southeast-5': [1, 2, 3],
  'ap-southeast-7': [1, 2, 3],
  'ap-east-1': [1, 2, 3],
  'me-south-1': [1, 2, 3],
  'me-central-1': [1, 2, 3],
  'il-central-1': [1, 2, 3],
  'af-south-1': [1, 2, 3],
  // Partitions of their own (their ARNs start arn:aws-us-gov: and arn:aws-cn:); not every
  // layer's services exist there (rule partition-layers).
  'us-gov-west-1': [1, 2, 3],
  'us-gov-east-1': [1, 2, 3],
  'cn-north-1': [1, 2, 4],
  'cn-northwest-1': [1, 2, 3],
};

/** AWS regions Strata can deploy to: their zone IDs and how many there are. */
export const AWS_REGIONS: Readonly<
  Record<
    string,
    {
      /** How many availability zones the region has. */
      readonly availabilityZones: number;
      /** Their zone IDs (`use1-az1`, ...), the same in every account. */
      readonly zoneIds: readonly string[];
    }
  >
> = Object.fromEntries(
  Object.entries(REGION_ZONE_NUMBERS).map(([region, numbers]) => [
    region,
    {
      availabilityZones: numbers.length,
      zoneIds: numbers.map((number) => `${regionCode(region)}-az${number}`),
    },
  ]),
);

/**
 * Zone IDs not to place subnets in by default, per region: use1-az3 accepts no new capacity
 * for most instance types in new accounts.
 */
const CONSTRAINED_ZONE_IDS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['use1-az3'],
};

/**
 * The zone IDs an environment uses in a region when its file names none: the region's zone
 * IDs in order, constrained ones last.
 */
export function defaultAvailabilityZoneIds(region: string, count: number): string[] {
  const constrained = CONSTRAINED_ZONE_IDS[region] ?? [];
  const ids = AWS_REGIONS[region]?.zoneIds ?? [];
  return [
    ...ids.filter((id) => !constrained.includes(id)),
    ...ids.filter((id) => constrained.includes(id)),
  ].slice(0, count);
}

/** The finding for a region name the platform does not know, wherever a file names one. */
export function unknownRegionMessage(region: string): string {
  return `"${region}" is not an AWS region Strata knows (see libs/config/src/aws-regions.ts)`;
}

/** Whether `region` is a region the platform knows (in `AWS_REGIONS`). */
export function isKnownRegion(region: string): boolean {
  return Object.prototype.hasOwnProperty.call(AWS_REGIONS, region);
}

/**
 * `us-east-1` -> `use1`, `us-gov-west-1` -> `usgw1`: a short, stable region code for names with
 * tight length limits, the prefix of the region's zone IDs.
 */
export function regionCode(region: string): string {
  const parts = region.split('-');
  // GovCloud: `us-gov-<direction>-<n>`, coded `usg<d><n>` as its zone IDs are.
  const [area, direction, index] =
    parts.length === 4 && parts[1] === 'gov' ? [`${parts[0]}g`, parts[2], parts[3]] : parts;
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

/**
 * The regions AWS enables in every new account of each partition: those launched before
 * March 2019 (later ones are opt-in). Credentials stolen from an account are most often used
 * where nobody looks, so threat detection watches these even where the platform runs nothing.
 */
export const DEFAULT_ENABLED_REGIONS: Readonly<Record<AwsPartition, readonly string[]>> = {
  aws: [
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
    'ca-central-1',
    'sa-east-1',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'eu-central-1',
    'eu-north-1',
    'ap-south-1',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-southeast-1',
    'ap-southeast-2',
  ],
  'aws-us-gov': ['us-gov-west-1', 'us-gov-east-1'],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
};
