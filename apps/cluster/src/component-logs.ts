import { Construct } from 'constructs';
import { EnvironmentConfig } from '@strata/config';
import { ContractValues, DataContract } from '@strata/core';
import { EncryptedLogGroup } from '@strata/constructs';
import { LogRoute } from '@strata/constructs/helm';
import { componentLogGroupName, PLATFORM_COMPONENTS } from '@strata/constructs/vocabulary';
import { dataKeys } from './data-references';

export interface ComponentLogsProps {
  readonly environment: EnvironmentConfig;
  readonly data: ContractValues<DataContract['outputs']>;
}

/**
 * Each catalogue component's log group, `/strata/<env>/<component>` (its API pods and its
 * workers), under the data layer's logs key: created here, beside the agent that ships to it,
 * so the group exists before the first line does.
 */
export class ComponentLogs extends Construct {
  readonly groups: readonly EncryptedLogGroup[];
  /** Each component namespace's logs to its group, for the log agent. */
  readonly routes: readonly LogRoute[];

  constructor(scope: Construct, id: string, props: ComponentLogsProps) {
    super(scope, id);
    const env = props.environment;
    const key = dataKeys(this, props.data)('logs');
    this.groups = PLATFORM_COMPONENTS.map(
      (component) =>
        new EncryptedLogGroup(this, component, {
          logGroupName: componentLogGroupName(env.name, component),
          kmsKey: key,
          retentionInDays: env.observability.logRetentionDays,
        }),
    );
    this.routes = PLATFORM_COMPONENTS.map((component, index) => ({
      namespace: component,
      logGroupName: this.groups[index].logGroupName,
    }));
  }
}
