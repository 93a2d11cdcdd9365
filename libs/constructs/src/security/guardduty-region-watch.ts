import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { serviceTrustPolicy } from '../iam/policy-document';
import { ServiceRole } from '../iam/service-role';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';
import { enableGuardDuty, GUARDDUTY_FINDING_PATTERN } from './guardduty';

/** One region {@link GuardDutyRegionWatch} watches. */
export interface WatchedRegion {
  /** The region's name. */
  readonly region: string;
  /** The AWS provider for that region. */
  readonly provider: TerraformProvider;
}

/** Properties of {@link GuardDutyRegionWatch}. */
export interface GuardDutyRegionWatchProps {
  /** Prefix of the forwarding rule's and role's names. */
  readonly namePrefix: string;
  /** The regions to watch; none of them the stack's own. */
  readonly regions: readonly WatchedRegion[];
}

/**
 * GuardDuty in regions the platform runs nothing in, each forwarding its findings to the
 * default event bus of the stack's region, where the finding routes page or ticket them like
 * the region's own: one place to hear about every region, without Security Hub and AWS Config
 * (and their cost) where there is nothing to check. The forwarding role may put events only on
 * that bus, and only EventBridge of this account may assume it.
 */
export class GuardDutyRegionWatch extends Construct {
  /** The watched regions' detector IDs, by region. */
  readonly detectorIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: GuardDutyRegionWatchProps) {
    super(scope, id);
    const { account, region: home } = awsEnvironmentOf(this);
    const own = props.regions.find((watched) => watched.region === home);
    if (own) {
      throw new Error(
        `${this.node.path}: ${home} is the stack's own region; its detector belongs to ThreatDetection`,
      );
    }
    const busArn = arnOf(this, { service: 'events', resource: 'event-bus/default' });
    const name = `${props.namePrefix}-guardduty-forward`;
    const role = new ServiceRole(this, 'role', {
      roleName: name,
      assumeRolePolicy: serviceTrustPolicy('events.amazonaws.com', account),
      statements: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: busArn }],
    });
    this.node.defaultChild = role.role;
    const detectorIds: Record<string, string> = {};
    for (const { region, provider } of props.regions) {
      const watch = new Construct(this, region);
      detectorIds[region] = enableGuardDuty(watch, provider).id;
      const rule = new CloudwatchEventRule(watch, 'forward', {
        provider,
        name,
        description: `GuardDuty findings of ${region} to the finding routes in ${home}`,
        eventPattern: JSON.stringify(GUARDDUTY_FINDING_PATTERN),
      });
      new CloudwatchEventTarget(watch, 'target', {
        provider,
        rule: rule.name,
        targetId: 'finding-routes',
        arn: busArn,
        roleArn: role.roleArn,
        dependsOn: role.resources,
      });
    }
    this.detectorIds = detectorIds;
  }
}
