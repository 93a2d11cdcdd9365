import { Construct } from 'constructs';
import { dataBucketNames, LayerStack } from '@strata/core';
import { ArchivedLogGroup, EncryptedLogGroup, LogArchive } from '@strata/constructs';
import { componentLogGroupName, PLATFORM_COMPONENTS } from '@strata/constructs/vocabulary';
import { DataKeys } from './data-keys';

export interface ComponentLogsProps {
  readonly stack: LayerStack;
  readonly keys: DataKeys;
  /** Server access logs of the archive bucket. */
  readonly accessLogBucketName: string;
}

/**
 * Each catalogue component's container logs in the seeds' three tiers: the group
 * `/strata/<env>/<component>` keeps them hot (searchable) for `componentLogs.hotDays`, and every
 * line is copied at once into this region's log archive, warm in S3 Standard for `warmDays`,
 * then cold in Glacier until `coldDays`. Here, with the data they are, so that each group and
 * its copy exist before the cluster's log agent writes the first line.
 */
export class ComponentLogs extends Construct {
  readonly groups: readonly EncryptedLogGroup[];
  readonly archive: LogArchive;
  /** Per component (catalogue order), where its archived lines land. */
  readonly archived: readonly ArchivedLogGroup[];

  constructor(scope: Construct, id: string, props: ComponentLogsProps) {
    super(scope, id);
    const { stack } = props;
    const env = stack.environment;
    const tiers = env.observability.componentLogs;
    const key = props.keys.keyOf('logs');
    this.archive = new LogArchive(this, 'archive', {
      bucketName: dataBucketNames(stack.naming, env.accountId).logArchive,
      namePrefix: stack.naming.prefix,
      kmsKey: key,
      warmDays: tiers.warmDays,
      coldDays: tiers.coldDays,
      accessLogBucketName: props.accessLogBucketName,
      errorLogRetentionDays: env.observability.logRetentionDays,
      accountId: env.accountId,
    });
    this.groups = PLATFORM_COMPONENTS.map(
      (component) =>
        new EncryptedLogGroup(this, component, {
          logGroupName: componentLogGroupName(env.name, component),
          kmsKey: key,
          retentionInDays: tiers.hotDays,
        }),
    );
    this.archived = PLATFORM_COMPONENTS.map((component, index) =>
      this.archive.archive(this.groups[index], {
        streamName: stack.naming.name(`logs-${component}`),
        prefix: component,
      }),
    );
  }
}
