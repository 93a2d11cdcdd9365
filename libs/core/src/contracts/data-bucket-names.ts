import { Naming } from '../naming';

/** The data layer's content buckets; each has a replica in the secondary region when replicated. */
export const CONTENT_BUCKETS = ['specs', 'audit', 'static'] as const;

/** One of {@link CONTENT_BUCKETS}. */
export type ContentBucket = (typeof CONTENT_BUCKETS)[number];

/** A name for each content bucket. */
export type ContentBucketNames = Readonly<Record<ContentBucket, string>>;

/** The names of the data layer's buckets in one region. */
export interface DataBucketNames {
  /** The content buckets the region's own stack creates. */
  readonly content: ContentBucketNames;
  /** Their server access log target. */
  readonly accessLogs: string;
  /**
   * The region's component log archive (the data layer's ComponentLogs); its server access
   * logs go to `accessLogs`, whose policy must admit it.
   */
  readonly logArchive: string;
  /** The replicas of the primary's content buckets (in the secondary region). */
  readonly replicas: ContentBucketNames;
  /** The replicas' server access log target. */
  readonly replicaAccessLogs: string;
}

/**
 * The names of the data layer's buckets in `naming`'s region: the content buckets and their
 * access-log target, and the replicas the primary region's stack creates there in a
 * replicated environment. The data layer creates them, the secondary region's stack and the
 * observability layer (replication alarms) refer to them, so all spell them here.
 */
export function dataBucketNames(naming: Naming, accountId: string): DataBucketNames {
  const names = (suffix: string): ContentBucketNames => ({
    specs: naming.bucketName(`specs${suffix}`, accountId),
    audit: naming.bucketName(`audit${suffix}`, accountId),
    static: naming.bucketName(`static${suffix}`, accountId),
  });
  return {
    content: names(''),
    accessLogs: naming.bucketName('s3-access-logs', accountId),
    logArchive: naming.bucketName('log-archive', accountId),
    replicas: names('-replica'),
    replicaAccessLogs: naming.bucketName('s3-access-logs-replica', accountId),
  };
}
