import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { XrayEncryptionConfig } from '@cdktf/provider-aws/lib/xray-encryption-config';
import { XrayGroup } from '@cdktf/provider-aws/lib/xray-group';
import { XraySamplingRule } from '@cdktf/provider-aws/lib/xray-sampling-rule';
import { IKmsKey } from '../kms/kms-key';

/** Properties of {@link TraceSampling}. */
export interface TraceSamplingProps {
  /** Prefix of rule and group names (rule names are limited to 32 characters). */
  readonly namePrefix: string;
  /** Share of requests traced beyond the first each second per service. */
  readonly sampleRate: number;
  /** Health-check path, never traced (it would drown real traffic). */
  readonly healthCheckPath: string;
  /** The KMS key that encrypts the traces. */
  readonly kmsKey: IKmsKey;
  /**
   * Set the region's X-Ray encryption to `kmsKey`. It is one setting per account and region:
   * where several environments share an account, only the one that owns its account-wide
   * settings sets it, or they overwrite each other on every apply.
   * @default true
   */
  readonly setAccountEncryption?: boolean;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * X-Ray in one region: KMS-encrypted traces, a platform sampling rule (one request a
 * second plus a share of the rest), health checks never sampled, and groups with insights
 * for faults and slow requests.
 */
export class TraceSampling extends Construct {
  /** The X-Ray groups created. */
  readonly groupNames: string[];

  constructor(scope: Construct, id: string, props: TraceSamplingProps) {
    super(scope, id);
    const provider = props.provider;
    if (props.setAccountEncryption !== false) {
      new XrayEncryptionConfig(this, 'encryption', {
        provider,
        type: 'KMS',
        keyId: props.kmsKey.keyArn,
      });
    }
    const any = {
      host: '*',
      httpMethod: '*',
      resourceArn: '*',
      serviceName: '*',
      serviceType: '*',
      version: 1,
    };
    new XraySamplingRule(this, 'health-checks', {
      provider,
      ...any,
      ruleName: `${props.namePrefix}-health`,
      priority: 100,
      urlPath: props.healthCheckPath,
      fixedRate: 0,
      reservoirSize: 0,
    });
    this.node.defaultChild = new XraySamplingRule(this, 'platform', {
      provider,
      ...any,
      ruleName: `${props.namePrefix}-platform`,
      priority: 1000,
      urlPath: '*',
      fixedRate: props.sampleRate,
      reservoirSize: 1,
    });
    const groups: Record<string, string> = {
      faults: 'fault = true OR error = true',
      slow: 'responsetime > 1',
    };
    this.groupNames = Object.entries(groups).map(
      ([name, filterExpression]) =>
        new XrayGroup(this, `group-${name}`, {
          provider,
          groupName: `${props.namePrefix}-${name}`,
          filterExpression,
          insightsConfiguration: { insightsEnabled: true, notificationsEnabled: true },
        }).groupName,
    );
  }
}
