import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { PrometheusWorkspace } from '@cdktf/provider-aws/lib/prometheus-workspace';
import { PrometheusWorkspaceConfiguration } from '@cdktf/provider-aws/lib/prometheus-workspace-configuration';
import { IKmsKey } from '../kms/kms-key';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';

/** Properties of {@link MetricsWorkspace}. */
export interface MetricsWorkspaceProps {
  /** The workspace's alias, and the name of its log group. */
  readonly alias: string;
  /** Days the workspace keeps samples (Amazon Managed Service for Prometheus: 1 to 1095). */
  readonly retentionDays: number;
  /** The key the workspace encrypts its samples with (usable through `aps`). */
  readonly kmsKey: IKmsKey;
  /** The key of its log group (rule evaluation and ingestion errors). */
  readonly logKmsKey: IKmsKey;
  /** Days its logs are kept. @default 365 */
  readonly logRetentionDays?: number;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** Amazon Managed Service for Prometheus keeps samples at most three years. */
export const METRICS_WORKSPACE_MAX_RETENTION_DAYS = 1095;

/**
 * A long-term metrics store: an Amazon Managed Service for Prometheus workspace, KMS-encrypted,
 * logging to an encrypted log group, keeping samples `retentionDays`. Prometheus servers write
 * to `remoteWriteUrl` and Grafana queries `queryUrl`, both signed with SigV4 in the
 * workspace's region.
 */
export class MetricsWorkspace extends Construct {
  /** The workspace's ARN (what remote-write and query permissions name). */
  readonly workspaceArn: string;
  /** Its Prometheus-compatible endpoint (`.../workspaces/<id>/`): Grafana's data source URL. */
  readonly queryUrl: string;
  /** Where Prometheus remote-writes. */
  readonly remoteWriteUrl: string;

  constructor(scope: Construct, id: string, props: MetricsWorkspaceProps) {
    super(scope, id);
    if (props.retentionDays < 1 || props.retentionDays > METRICS_WORKSPACE_MAX_RETENTION_DAYS) {
      throw new Error(
        `MetricsWorkspace ${props.alias}: retentionDays ${props.retentionDays} is outside 1..${METRICS_WORKSPACE_MAX_RETENTION_DAYS}, what the service keeps`,
      );
    }
    const provider = props.provider;
    const logs = new EncryptedLogGroup(this, 'logs', {
      provider,
      logGroupName: `/aws/prometheus/${props.alias}`,
      kmsKey: props.logKmsKey,
      retentionInDays: props.logRetentionDays ?? 365,
    });
    const workspace = new PrometheusWorkspace(this, 'workspace', {
      provider,
      alias: props.alias,
      kmsKeyArn: props.kmsKey.keyArn,
      loggingConfiguration: { logGroupArn: `${logs.logGroupArn}:*` },
    });
    this.node.defaultChild = workspace;
    new PrometheusWorkspaceConfiguration(this, 'retention', {
      provider,
      workspaceId: workspace.id,
      retentionPeriodInDays: props.retentionDays,
    });
    this.workspaceArn = workspace.arn;
    this.queryUrl = workspace.prometheusEndpoint;
    this.remoteWriteUrl = `${workspace.prometheusEndpoint}api/v1/remote_write`;
  }
}
