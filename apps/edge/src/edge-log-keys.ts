import { Construct } from 'constructs';
import { cloudWatchLogsKeyStatement, KmsKey } from '@strata/constructs';
import { LayerStack } from '@strata/core';

export interface EdgeLogKeysProps {
  readonly stack: LayerStack;
}

/**
 * The edge layer's log keys, one per region it writes logs in: the stack's own region
 * (ALB WAF) and, for the primary's global pieces, us-east-1 (CloudFront and its WAF).
 * Each is usable only by CloudWatch Logs in its region.
 */
export class EdgeLogKeys extends Construct {
  private readonly keys = new Map<string, KmsKey>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EdgeLogKeysProps,
  ) {
    super(scope, id);
  }

  /** The log key in `region`, created on first use. */
  keyFor(region: string): KmsKey {
    let key = this.keys.get(region);
    if (!key) {
      const { stack } = this.props;
      const env = stack.environment;
      key = new KmsKey(this, region, {
        provider: stack.providerFor(region),
        description: `edge logs key of ${env.name} (${region})`,
        alias: stack.namingFor(region).name('edge-logs'),
        accountId: env.accountId,
        usableOnlyVia: [`logs.${region}.amazonaws.com`],
        additionalStatements: [cloudWatchLogsKeyStatement(region, env.accountId)],
      });
      this.keys.set(region, key);
    }
    return key;
  }
}
