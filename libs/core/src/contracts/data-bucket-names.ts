import { Naming } from '../naming';

/** The data layer's content buckets; each has a replica in the secondary region when replicated. */
export const CONTENT_BUCKETS = ['specs', 'audit', 'static'] as const;

/** One of {@link CONTENT_BUCKETS}. */
export type ContentBucket = (typeof CONTENT_BUCKETS)[number];

/**
 * The names of the data layer's buckets in `naming`'s region: the content buckets and their
 * access-log target, and the replicas the primary region's stack creates there in a
 * replicated environment. The data layer creates them, the secondary region's stack and the
 * observability layer (replication alarms) refer to them, so all spell them here.
 */
export function dataBucketNames(naming: Naming, accountId: string) {
  return {
    content: {
      specs: naming.bucketName('specs', accountId),
      audit: naming.bucketName('audit', accountId),
      static: naming.bucketName('static', accountId),
    } satisfies Record<ContentBucket, string>,
    accessLogs: naming.bucketName('s3-access-logs', accountId),
    replicas: {
      specs: naming.bucketName('specs-replica', accountId),
      audit: naming.bucketName('audit-replica', accountId),
      static: naming.bucketName('static-replica', accountId),
    } satisfies Record<ContentBucket, string>,
    replicaAccessLogs: naming.bucketName('s3-access-logs-replica', accountId),
  };
}
