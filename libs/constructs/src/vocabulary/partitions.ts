/** The AWS partitions: the first field of every ARN. */
export const AWS_PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
/** One of `AWS_PARTITIONS`. */
export type AwsPartition = (typeof AWS_PARTITIONS)[number];

/** The partition of a region: China and GovCloud regions have their own. */
export function partitionOfRegion(region: string): AwsPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
