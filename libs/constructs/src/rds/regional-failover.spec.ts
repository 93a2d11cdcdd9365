import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onlyResource, policyOf, resourceList, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { RECOVERY_METRIC_NAMESPACE } from '../vocabulary/recovery';
import { RegionalFailoverRunbook } from './regional-failover';

describe('RegionalFailoverRunbook', () => {
  it("passes the failover script's own tests (Python, against RDS and CloudWatch fakes)", () => {
    const run = spawnSync('python3', ['-m', 'unittest', 'test_regional_failover', '-v'], {
      cwd: __dirname,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(run.stderr).toMatch(/Ran 7 tests[\s\S]*\nOK\n?$/);
    expect(run.status).toBe(0);
  });

  const stack = testStack('us-west-2');
  new RegionalFailoverRunbook(stack, 'failover', {
    documentName: 'strata-staging-usw2-regional-failover',
    globalClusterIdentifier: 'strata-staging-global',
    targetClusterArn: 'arn:aws:rds:us-west-2:333333333333:cluster:strata-staging-usw2-platform',
  });
  const json = synthesizeStack(stack);
  const document = onlyResource(json, 'aws_ssm_document');
  const content = JSON.parse(String(document.content)) as {
    parameters: Record<string, { default?: string; allowedValues?: string[] }>;
    mainSteps: Array<{ action: string; inputs: { Script: string; Runtime: string } }>;
    outputs: string[];
  };

  it('is an Automation runbook that runs the script as written, defaulting to this region', () => {
    expect(document.document_type).toBe('Automation');
    expect(content.mainSteps[0].action).toBe('aws:executeScript');
    expect(content.mainSteps[0].inputs.Script).toBe(
      readFileSync(join(__dirname, '../../assets/regional-failover/failover.py'), 'utf8'),
    );
    expect(content.parameters.Mode).toMatchObject({
      default: 'switchover',
      allowedValues: ['switchover', 'failover'],
    });
    expect(content.parameters.TargetDbClusterArn.default).toContain('us-west-2');
    expect(content.outputs).toContain('MoveWriter.RecoveryTimeSeconds');
  });

  it('may move only its global cluster and publish only recovery metrics', () => {
    const policy = policyOf(onlyResource(json, 'aws_iam_role_policy'));
    const move = policy.Statement.find((s) =>
      (s.Action as string[]).includes('rds:FailoverGlobalCluster'),
    );
    expect(move?.Resource).toContain(
      'arn:aws:rds::333333333333:global-cluster:strata-staging-global',
    );
    const put = policy.Statement.find((s) => s.Action === 'cloudwatch:PutMetricData');
    expect(put?.Condition).toEqual({
      StringEquals: { 'cloudwatch:namespace': RECOVERY_METRIC_NAMESPACE },
    });
    expect(String(resourceList(json, 'aws_iam_role')[0].assume_role_policy)).toContain(
      'ssm.amazonaws.com',
    );
  });
});
