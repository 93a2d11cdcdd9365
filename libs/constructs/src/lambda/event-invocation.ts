import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { ServiceFunction } from './service-function';

/** Construct ids of the permission and the target {@link invokeOnRule} creates in its scope. */
export interface EventInvocationIds {
  /** The Lambda permission's id. @default 'invoke' */
  readonly permission?: string;
  /** The rule target's id. @default 'target' */
  readonly target?: string;
}

/**
 * Lets an EventBridge rule invoke a function: a permission for that rule alone, and the rule's
 * target, created once the permission exists (a target without it fails its first events).
 */
export function invokeOnRule(
  scope: Construct,
  fn: ServiceFunction,
  rule: CloudwatchEventRule,
  ids: EventInvocationIds = {},
  provider?: TerraformProvider,
): void {
  const permission = new LambdaPermission(scope, ids.permission ?? 'invoke', {
    provider,
    functionName: fn.functionName,
    action: 'lambda:InvokeFunction',
    principal: 'events.amazonaws.com',
    sourceArn: rule.arn,
  });
  new CloudwatchEventTarget(scope, ids.target ?? 'target', {
    provider,
    rule: rule.name,
    arn: fn.functionArn,
    dependsOn: [permission],
  });
}
