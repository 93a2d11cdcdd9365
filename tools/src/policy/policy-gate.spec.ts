import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { loadToolchain } from '../validate/toolchain';
import {
  classify,
  countByLayer,
  Finding,
  loadSkips,
  locate,
  PolicySkip,
  runCheckov,
  stableResource,
} from './policy-gate';

const ENVIRONMENTS = ['local', 'dev', 'staging', 'prod'];
const REASON = 'A reason long enough for a reviewer to check what is accepted and why.';

function finding(overrides: Partial<Finding>): Finding {
  return {
    check: 'CKV_AWS_338',
    name: 'log retention',
    resource: 'aws_cloudwatch_log_group.flow-log_logs_group',
    layer: 'network',
    stack: 'network-dev-us-east-1',
    environment: 'dev',
    ...overrides,
  };
}

function skipFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-skips-'));
  const file = join(dir, 'checkov-skips.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('policy gate', () => {
  it('places a finding in its layer, stack and environment', () => {
    expect(locate('/data/stacks/data-prod-us-west-2/cdk.tf.json', ENVIRONMENTS)).toEqual({
      layer: 'data',
      stack: 'data-prod-us-west-2',
      environment: 'prod',
    });
    expect(locate('/cluster/stacks/addons-staging-us-east-1/cdk.tf.json', ENVIRONMENTS)).toEqual({
      layer: 'cluster',
      stack: 'addons-staging-us-east-1',
      environment: 'staging',
    });
    expect(locate('/workflows/plan.yml', ENVIRONMENTS).layer).toBe('github');
  });

  it('names resources by type and name without the construct hash, looking up the type', () => {
    expect(stableResource('aws_lb.alb_88D76693')).toBe('aws_lb.alb');
    expect(
      stableResource('resource.waf_acl_332C8FC4', {
        aws_lb: { alb_88D76693: {} },
        aws_wafv2_web_acl: { waf_acl_332C8FC4: {} },
      }),
    ).toBe('aws_wafv2_web_acl.waf_acl');
  });

  it('accepts a finding only where a skip matches its check, layer, environment and resource', () => {
    const skips: PolicySkip[] = [
      {
        check: 'CKV_AWS_338',
        environments: ['dev', 'staging'],
        resources: ['aws_cloudwatch_log_group.*'],
        reason: REASON,
      },
      {
        check: 'CKV_AWS_18',
        layers: ['state'],
        resources: ['aws_s3_bucket.*access-logs*'],
        reason: REASON,
      },
    ];
    const dev = finding({});
    const prod = finding({ stack: 'network-prod-us-east-1', environment: 'prod' });
    const logsInData = finding({
      check: 'CKV_AWS_18',
      layer: 'data',
      resource: 'aws_s3_bucket.buckets_access-logs_bucket',
    });
    const result = classify([dev, prod, logsInData], skips);
    expect(result.skipped).toEqual([{ ...dev, reason: REASON }]);
    expect(result.failed).toEqual([prod, logsInData]);
    // The second skip matched nothing: stale entries fail the gate.
    expect(result.unused).toEqual([1]);
    expect(countByLayer([{ layer: 'network' }, { layer: 'edge' }], result)).toEqual({
      network: { passed: 1, failed: 1, skipped: 1 },
      edge: { passed: 1, failed: 0, skipped: 0 },
      data: { passed: 0, failed: 1, skipped: 0 },
    });
  });

  it('refuses a skip without a reason, naming the file and the field', () => {
    const file = skipFile({ skips: [{ check: 'CKV_AWS_18', reason: 'because' }] });
    expect(() => loadSkips(file)).toThrow(`${file}: skips.0.reason: a reason a reviewer can check`);
    const unknownField = skipFile({ skips: [{ check: 'CKV_AWS_18', reason: REASON, stack: 'x' }] });
    expect(() => loadSkips(unknownField)).toThrow(/skips\.0: Unrecognized key: "stack"/);
    const badId = skipFile({ skips: [{ check: 'AWS_18', reason: REASON }] });
    expect(() => loadSkips(badId)).toThrow(/skips\.0\.check: a checkov check id/);
  });

  it("loads the project's skip list, every entry with a reason", () => {
    const root = findWorkspaceRoot(__dirname);
    const skips = loadSkips(join(root, 'tools', 'policy', 'checkov-skips.json'));
    expect(skips.length).toBeGreaterThan(0);
  });

  // The real scanner on a stack with a known gap: its JSON is what the gate reads.
  it('fails a seven-day log group in prod with the pinned checkov', () => {
    const scanner = loadToolchain().policy;
    if (!scanner) throw new Error('the toolchain has no checkov: run tools/toolchain/install.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'strata-policy-'));
    const stackDir = join(dir, 'network', 'stacks', 'network-prod-us-east-1');
    mkdirSync(stackDir, { recursive: true });
    const resources = {
      aws_cloudwatch_log_group: {
        flow_logs_0A1B2C3D: { name: 'flow', retention_in_days: 7, kms_key_id: 'arn:aws:kms:x' },
      },
    };
    writeFileSync(join(stackDir, 'cdk.tf.json'), JSON.stringify({ resource: resources }));
    const run = runCheckov(scanner.checkov, dir, 'terraform_json');
    expect(run.exitCode).toBe(1);
    const failed = run.reports
      .flatMap((report) => report.results.failed_checks ?? [])
      .map((check) => ({
        check: check.check_id,
        resource: stableResource(check.resource, resources),
        ...locate(check.file_path, ENVIRONMENTS),
      }));
    expect(failed).toContainEqual({
      check: 'CKV_AWS_338',
      resource: 'aws_cloudwatch_log_group.flow_logs',
      layer: 'network',
      stack: 'network-prod-us-east-1',
      environment: 'prod',
    });
  });
});
