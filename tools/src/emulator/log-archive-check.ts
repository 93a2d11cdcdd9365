import { gunzipSync } from 'node:zlib';
import { awsJson, EmulatorApi, emptyBucket, getObjectBytes, listObjectKeys } from './emulator-api';

/** What CloudWatch Logs hands a subscription: one gzip batch of a group's events. */
interface SubscriptionBatch {
  readonly logGroup: string;
  readonly logEvents: ReadonlyArray<{ readonly message: string }>;
}

interface DeliveryStreamDescription {
  readonly DeliveryStreamDescription: {
    readonly Destinations: ReadonlyArray<{
      readonly ExtendedS3DestinationDescription?: { BucketARN: string; Prefix?: string };
      readonly S3DestinationDescription?: { BucketARN: string; Prefix?: string };
    }>;
  };
}

/**
 * Writes one line into a component's log group, as the cluster's log agent would, and follows
 * the deployed wiring (the group's subscription filter, its Firehose stream, the stream's
 * bucket and prefix) to find that line in the archive. Returns what broke, or undefined. The
 * archive is emptied afterwards, so the stack's destroy finds it as it was.
 */
export async function lineReachesArchive(
  api: EmulatorApi,
  logGroupName: string,
): Promise<string | undefined> {
  const marker = `strata-emulator-probe-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const logStreamName = 'emulator-probe';
  await awsJson(api, 'logs', 'Logs_20140328.CreateLogStream', { logGroupName, logStreamName });
  await awsJson(api, 'logs', 'Logs_20140328.PutLogEvents', {
    logGroupName,
    logStreamName,
    logEvents: [{ timestamp: Date.now(), message: `{"level":"info","msg":"${marker}"}` }],
  });
  const { subscriptionFilters } = await awsJson<{
    subscriptionFilters: Array<{ destinationArn: string }>;
  }>(api, 'logs', 'Logs_20140328.DescribeSubscriptionFilters', { logGroupName });
  const destination = subscriptionFilters.find((filter) =>
    /^arn:[\w-]+:firehose:/.test(filter.destinationArn),
  )?.destinationArn;
  if (!destination) return `${logGroupName} has no subscription filter to a Firehose stream`;
  const streamName = destination.split('/').pop() ?? '';
  const { DeliveryStreamDescription: stream } = await awsJson<DeliveryStreamDescription>(
    api,
    'firehose',
    'Firehose_20150804.DescribeDeliveryStream',
    { DeliveryStreamName: streamName },
  );
  const s3 =
    stream.Destinations[0]?.ExtendedS3DestinationDescription ??
    stream.Destinations[0]?.S3DestinationDescription;
  if (!s3) return `Firehose stream ${streamName} has no S3 destination`;
  const bucket = s3.BucketARN.split(':').pop() ?? '';
  const prefix = s3.Prefix ?? '';
  try {
    for (const key of await listObjectKeys(api, bucket, prefix)) {
      const batch = JSON.parse(
        gunzipSync(await getObjectBytes(api, bucket, key)).toString('utf8'),
      ) as SubscriptionBatch;
      if (
        batch.logGroup === logGroupName &&
        batch.logEvents.some((event) => event.message.includes(marker))
      ) {
        return undefined;
      }
    }
    return `the line written to ${logGroupName} is not in s3://${bucket}/${prefix} (stream ${streamName})`;
  } finally {
    await emptyBucket(api, bucket);
  }
}
