import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { ApiRequest, validateApiRequests } from './aws-api-model';
import { synthesizeStackJsons } from './layer-apps';

// The system node group's image refresh is an EventBridge Scheduler schedule whose universal
// target calls EKS directly: neither Terraform nor the provider reads the target's ARN or its
// input, so a misspelt operation or parameter would surface only on the first Tuesday, as a
// silent failed invocation. Each schedule is checked here against the AWS API models
// (botocore's): the CreateSchedule request the provider sends, the EKS operation its ARN
// names, and the input that operation receives; and its role against that operation.

const root = findWorkspaceRoot(__dirname);
const work = mkdtempSync(join(tmpdir(), 'strata-image-refresh-'));

type Resources = Record<string, Record<string, Record<string, unknown>>>;
interface StackJson {
  readonly resource: Resources;
}

interface Schedule {
  readonly stack: string;
  readonly schedule: Record<string, unknown>;
  readonly target: Record<string, unknown>;
  readonly resources: Resources;
}

function schedulesOf(environment: string): Schedule[] {
  const stacks = synthesizeStackJsons<StackJson>(
    root,
    'cluster',
    join(work, environment),
    environment,
  );
  return [...stacks].flatMap(([stack, { json }]) =>
    Object.values(json.resource.aws_scheduler_schedule ?? {}).map((schedule) => ({
      stack,
      schedule,
      target: schedule.target as Record<string, unknown>,
      resources: json.resource,
    })),
  );
}

/** A Terraform reference's stand-in: a name AWS would accept where the reference will be. */
const concrete = (text: string) => text.replace(/\$\{[^}]+\}/g, 'strata-prod-use1');

/** `arn:aws:scheduler:::aws-sdk:eks:updateNodegroupVersion` -> `eks`, `UpdateNodegroupVersion`. */
function universalTarget(arn: string): { service: string; operation: string } {
  const match = /^arn:aws:scheduler:::aws-sdk:([a-z0-9-]+):([a-zA-Z0-9]+)$/.exec(arn);
  if (!match) throw new Error(`${arn} is not a universal target`);
  return { service: match[1], operation: match[2].charAt(0).toUpperCase() + match[2].slice(1) };
}

function createScheduleRequest({ schedule, target }: Schedule): ApiRequest {
  const window = schedule.flexible_time_window as Record<string, unknown>;
  const retry = target.retry_policy as Record<string, unknown>;
  return {
    Name: schedule.name,
    Description: schedule.description,
    ScheduleExpression: schedule.schedule_expression,
    ScheduleExpressionTimezone: schedule.schedule_expression_timezone,
    FlexibleTimeWindow: { Mode: window.mode },
    Target: {
      Arn: target.arn,
      RoleArn: concrete(String(target.role_arn)).replace(
        'strata-prod-use1',
        'arn:aws:iam::333333333333:role/refresh',
      ),
      Input: concrete(String(target.input)),
      RetryPolicy: {
        MaximumRetryAttempts: retry.maximum_retry_attempts,
        MaximumEventAgeInSeconds: retry.maximum_event_age_in_seconds,
      },
    },
  };
}

const environments = loadEnvironments()
  .filter((env) => env.layers.cluster)
  .map((env) => env.name);

describe('system node image refresh, against the AWS API models', () => {
  it.each(environments)(
    '%s: each cluster stack schedules one refresh AWS would accept and EKS would run',
    (name) => {
      const schedules = schedulesOf(name);
      const env = loadEnvironments().find((candidate) => candidate.name === name);
      expect(schedules).toHaveLength(
        env?.cluster?.nodeImageVersion === 'latest' ? env.regions.length : 0,
      );
      for (const entry of schedules) {
        const label = `${entry.stack}/${String(entry.schedule.name)}`;
        expect(
          validateApiRequests('scheduler', 'CreateSchedule', {
            [label]: createScheduleRequest(entry),
          }),
        ).toEqual({ [label]: [] });
        const { service, operation } = universalTarget(String(entry.target.arn));
        const input = JSON.parse(concrete(String(entry.target.input))) as ApiRequest;
        expect(
          validateApiRequests(service, operation, { [label]: input }, { pascalCase: true }),
        ).toEqual({
          [label]: [],
        });
        // The input names this stack's system node group and its cluster.
        const raw = JSON.parse(String(entry.target.input)) as Record<string, string>;
        const group = Object.entries(entry.resources.aws_eks_node_group).find(([id]) =>
          raw.NodegroupName.includes(`aws_eks_node_group.${id}.`),
        );
        expect(group?.[0]).toMatch(/^nodes-system_group/);
        expect(raw.ClusterName).toMatch(/^\$\{aws_eks_cluster\./);
        // The role may make that call, by the IAM action named after the operation, and no other.
        const roleId = /aws_iam_role\.([^.]+)\.arn/.exec(String(entry.target.role_arn))?.[1];
        const policy = Object.values(entry.resources.aws_iam_role_policy).find(
          (candidate) => candidate.role === `\${aws_iam_role.${roleId}.name}`,
        );
        const statements = (JSON.parse(String(policy?.policy)) as { Statement: unknown[] })
          .Statement;
        expect(statements).toEqual([
          {
            Effect: 'Allow',
            Action: `${service}:${operation}`,
            Resource: expect.stringMatching(/^arn:aws:eks:[a-z0-9-]+:\d{12}:nodegroup\/.+\/\*$/),
          },
        ]);
        const trust = JSON.parse(
          String(entry.resources.aws_iam_role[roleId ?? ''].assume_role_policy),
        ) as {
          Statement: Array<{ Principal: unknown }>;
        };
        expect(trust.Statement[0].Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
      }
    },
  );

  it('catches an operation EKS does not have and a parameter it does not take', () => {
    const [entry] = schedulesOf('prod');
    expect(() =>
      validateApiRequests('eks', 'UpdateNodeGroupVersion', { x: { ClusterName: 'a' } }),
    ).toThrow(/UpdateNodeGroupVersion/);
    const input = JSON.parse(concrete(String(entry.target.input))) as ApiRequest;
    const { NodegroupName: name, ...rest } = input;
    expect(
      validateApiRequests(
        'eks',
        'UpdateNodegroupVersion',
        { x: { ...rest, NodeGroupName: name } },
        { pascalCase: true },
      ).x,
    ).toEqual([
      expect.stringContaining('Missing required parameter in input: "nodegroupName"'),
      expect.stringContaining('Unknown parameter in input: "NodeGroupName"'),
    ]);
  });
});
