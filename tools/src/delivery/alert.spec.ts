import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { synthCompiledApp } from '../layer-apps';
import { synthesizedStacks } from '../synthesized-stacks';
import { alertMessage, alertTopicArn } from './alert';
import { githubRoleArn } from './stack-matrix';

const root = findWorkspaceRoot(__dirname);
const environments = loadEnvironments(join(root, 'environments'));
const prod = environments.find((env) => env.name === 'prod');
if (!prod) throw new Error('environments/prod.yaml is missing');

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** One synthesized stack of a layer app, synthesized afresh from its compiled bundle. */
function synthesized(app: string, stack: string): Resources {
  const out = mkdtempSync(join(tmpdir(), `strata-alert-${app}-`));
  const run = synthCompiledApp(root, app, out);
  if (run.status !== 0) throw new Error(`synth of ${app} failed: ${run.stderr}`);
  const dir = synthesizedStacks(root, app, out).find((s) => s.stack === stack)?.stackDir ?? '';
  return (JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as { resource: Resources })
    .resource;
}

const observability = synthesized('observability', 'observability-prod-us-east-1');
const state = synthesized('state', 'state-prod');
const topicArns = Object.fromEntries(
  Object.entries(observability.aws_sns_topic).map(([id, topic]) => [
    id,
    `arn:aws:sns:us-east-1:${prod.accountId}:${String(topic.name)}`,
  ]),
);
const alertsKeyId = Object.keys(observability.aws_kms_key).find((id) => id.includes('alerts'));
const alertsKeyArn = `arn:aws:kms:us-east-1:${prod.accountId}:key/alerts`;

/** A synthesized policy with the ARNs AWS assigns at apply spelled out. */
function policy(text: unknown): Record<string, unknown> {
  const resolved = String(text)
    .replace(/\$\{aws_sns_topic\.([^.}]+)\.arn\}/g, (_, id: string) => topicArns[id])
    .replace(/\$\{aws_kms_key\.[^}]+\.arn\}/g, `arn:aws:kms:us-east-1:${prod?.accountId}:key/other`)
    .replace(/\$\{aws_dynamodb_table\.[^}]+\.arn\}/g, `arn:aws:dynamodb:us-east-1:1:table/t`);
  expect(resolved).not.toContain('${');
  return JSON.parse(resolved) as Record<string, unknown>;
}

const planPolicies = Object.entries(state.aws_iam_role_policy)
  .filter(([id]) => id.startsWith('github_plan_'))
  .map(([id, p]) => ({ name: id, policy: policy(p.policy) }));

async function decide(
  action: string,
  resource: string,
  resourcePolicy: Record<string, unknown>,
  context: Record<string, string>,
) {
  const result = await runSimulation(
    {
      identityPolicies: planPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
      request: {
        action,
        principal: githubRoleArn(prod as NonNullable<typeof prod>, 'plan'),
        resource: { accountId: prod?.accountId ?? '', resource },
        contextVariables: context,
      },
    },
    {},
  );
  if (result.resultType !== 'single') throw new Error(JSON.stringify(result));
  return result.overallResult;
}

describe('delivery alerts', () => {
  it('go to topics the observability layer creates: critical for a failed apply, warning for drift', () => {
    const names = Object.values(observability.aws_sns_topic).map((topic) => topic.name);
    for (const kind of ['apply-failed', 'drift', 'soak-failed', 'drill-failed'] as const)
      expect(names).toContain(alertTopicArn(prod, kind).split(':').pop());
    expect(alertTopicArn(prod, 'drift')).toMatch(/-alarms-warning$/);
    expect(alertTopicArn(prod, 'drill-failed')).toMatch(/-alarms-warning$/);
    expect(alertTopicArn(prod, 'apply-failed')).toMatch(/-alarms-critical$/);
  });

  it('may be published by the plan role: its policy, the topic policy and the key policy (IAM simulation)', async () => {
    const topicPolicies = Object.values(observability.aws_sns_topic_policy).map((p) => ({
      arn: topicArns[String(p.arn).replace(/^\$\{aws_sns_topic\.([^.}]+)\.arn\}$/, '$1')],
      policy: policy(p.policy),
    }));
    for (const kind of ['apply-failed', 'drift', 'drill-failed'] as const) {
      const arn = alertTopicArn(prod, kind);
      const topicPolicy = topicPolicies.find((p) => p.arn === arn)?.policy ?? {};
      expect(await decide('sns:Publish', arn, topicPolicy, {})).toBe('Allowed');
    }
    // SNS encrypts with the alerts key on the publisher's behalf: allowed through SNS only.
    const keyPolicy = policy(observability.aws_kms_key[alertsKeyId ?? ''].policy);
    const through = (service: string) => ({
      'kms:ViaService': `${service}.us-east-1.amazonaws.com`,
      'kms:CallerAccount': prod.accountId,
    });
    expect(await decide('kms:GenerateDataKey', alertsKeyArn, keyPolicy, through('sns'))).toBe(
      'Allowed',
    );
    expect(await decide('kms:Decrypt', alertsKeyArn, keyPolicy, through('s3'))).not.toBe('Allowed');
  });

  it('name the environment, the stacks and the run, within the SNS subject limit', () => {
    const { subject, message } = alertMessage(prod, 'apply-failed', {
      stacks: ['data-prod-us-east-1'],
      runUrl: 'https://github.com/example-org/strata/actions/runs/1',
    });
    expect(subject).toBe('[prod] Strata delivery: apply failed');
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(message).toContain('Stacks: data-prod-us-east-1');
    expect(message).toContain('Run: https://github.com/example-org/strata/actions/runs/1');
  });
});
