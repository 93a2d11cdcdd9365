import { Construct } from 'constructs';
import { dataBucketNames, LayerStack } from '@strata/core';
import {
  ArchivedLogGroup,
  EncryptedLogGroup,
  KmsKey,
  LogArchive,
  SessionLogging,
} from '@strata/constructs';
import {
  componentLogGroupName,
  PLATFORM_COMPONENTS,
  SESSION_KEY_NAME,
  sessionLogGroupName,
} from '@strata/constructs/vocabulary';
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
 * its copy exist before the cluster's log agent writes the first line. People's shell sessions
 * on the nodes (Session Manager) are kept the same way, in `/strata/<env>/session-manager`, and
 * where the environment owns the account's services, Session Manager streams every session
 * there ({@link SessionLogging}).
 */
export class ComponentLogs extends Construct {
  readonly groups: readonly EncryptedLogGroup[];
  readonly archive: LogArchive;
  /** Per component (catalogue order), where its archived lines land. */
  readonly archived: readonly ArchivedLogGroup[];
  /** Where the nodes' shell sessions are streamed. */
  readonly sessions: EncryptedLogGroup;

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
    this.sessions = new EncryptedLogGroup(this, 'session-manager', {
      logGroupName: sessionLogGroupName(env.name),
      kmsKey: key,
      retentionInDays: tiers.hotDays,
    });
    this.archive.archive(this.sessions, {
      streamName: stack.naming.name('logs-sessions'),
      prefix: 'session-manager',
    });
    // One preferences document per account and region.
    if (env.observability.accountServices) {
      new SessionLogging(this, 'session-logging', {
        logGroupName: this.sessions.logGroupName,
        sessionKey: new KmsKey(this, 'session-key', {
          description: `Session Manager session data of ${env.name}`,
          alias: stack.naming.name(SESSION_KEY_NAME),
          accountId: env.accountId,
        }),
      });
    }
  }
}
