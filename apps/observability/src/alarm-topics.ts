import { Construct } from 'constructs';
import { alarmTopicName } from '@strata/config';
import { AlarmSeverity, AlarmTopic } from '@strata/constructs';
import { LayerStack } from '@strata/core';
import { ALARM_PUBLISHERS, ObservabilityKeys } from './observability-keys';

/**
 * The critical and warning topics, per region: an alarm can only notify a topic in its own
 * region, and Route53 health-check metrics exist only in us-east-1.
 */
export class AlarmTopics extends Construct {
  private readonly topics = new Map<string, AlarmTopic>();

  constructor(
    scope: Construct,
    id: string,
    private readonly stack: LayerStack,
    private readonly keys: ObservabilityKeys,
  ) {
    super(scope, id);
  }

  /** ARN of the topic for `severity` in `region` (the stack's own by default). */
  arnOf(severity: AlarmSeverity, region: string = this.stack.region): string {
    const id = region === this.stack.region ? severity : `${severity}-${region}`;
    let topic = this.topics.get(id);
    if (!topic) {
      const env = this.stack.environment;
      topic = new AlarmTopic(this, id, {
        provider: this.stack.providerFor(region),
        // Named after this stack's region even when created elsewhere, so stacks never collide.
        topicName:
          region === this.stack.region
            ? alarmTopicName(env, region, severity)
            : this.stack.naming.name(`alarms-${id}`),
        kmsKey: this.keys.keyOf('alerts', region),
        endpoints: env.observability.notifications[severity],
        publishingServices: ALARM_PUBLISHERS,
        accountId: env.accountId,
      });
      this.topics.set(id, topic);
    }
    return topic.topicArn;
  }
}
