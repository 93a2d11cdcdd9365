import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot, loadEnvironments } from '@strata/config';
import { synthCompiledApp } from './layer-apps';
import { synthesizedStacks } from './synthesized-stacks';
import { ApiRequest, validateApiRequests } from './aws-api-model';

// Terraform passes a web ACL's rule_json to AWS as it is: neither the engine's validate nor
// the provider reads it, so a misspelt member or value surfaces only at apply. Every web ACL of
// every environment's edge stacks is checked here against the AWS API model (botocore's, the
// SDKs' own) as the CreateWebACL request the provider sends.

const root = findWorkspaceRoot(__dirname);
const work = mkdtempSync(join(tmpdir(), 'strata-waf-'));
type Request = ApiRequest;

const validate = (requests: Record<string, Request>) =>
  validateApiRequests('wafv2', 'CreateWebACL', requests);

/** Each web ACL of the edge stacks, as the CreateWebACL request it becomes. */
function webAclRequests(environment: string): Record<string, Request> {
  const outdir = join(work, environment);
  const synth = synthCompiledApp(root, 'edge', outdir, { STRATA_ENV: environment });
  if (synth.status !== 0) throw new Error(synth.stderr);
  const requests: Record<string, Request> = {};
  for (const { stack, stackDir } of synthesizedStacks(root, 'edge', outdir)) {
    const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      resource?: { aws_wafv2_web_acl?: Record<string, Record<string, unknown>> };
    };
    for (const [id, acl] of Object.entries(json.resource?.aws_wafv2_web_acl ?? {})) {
      const visibility = acl.visibility_config as Record<string, unknown>;
      requests[`${stack}/${id}`] = {
        Name: acl.name,
        Scope: acl.scope,
        DefaultAction: { Allow: {} },
        VisibilityConfig: {
          SampledRequestsEnabled: visibility.sampled_requests_enabled,
          CloudWatchMetricsEnabled: visibility.cloudwatch_metrics_enabled,
          MetricName: visibility.metric_name,
        },
        Rules: JSON.parse(String(acl.rule_json)),
      };
    }
  }
  return requests;
}

const environments = loadEnvironments().map((env) => env.name);

describe('web ACL rules against the AWS API model', () => {
  it.each(environments)('%s: every web ACL is a CreateWebACL request AWS parses', (name) => {
    const requests = webAclRequests(name);
    expect(Object.keys(requests).length).toBeGreaterThan(0);
    const problems = validate(requests);
    expect(Object.entries(problems).filter(([, found]) => found.length > 0)).toEqual([]);
  });

  it('catches a misspelt member and a value outside its enum', () => {
    const [label, request] = Object.entries(webAclRequests('prod')).find(
      ([, candidate]) => candidate.Scope === 'REGIONAL',
    ) ?? ['', {}];
    const rules = request.Rules as Array<Record<string, unknown>>;
    const broken = {
      ...request,
      Rules: [
        { ...rules[0], Acton: rules[0].Action },
        ...rules
          .slice(1)
          .map((rule) => JSON.parse(JSON.stringify(rule).replace(/"EXACTLY"/g, '"EXACT"'))),
      ],
    };
    const problems = validate({ [label]: broken })[label];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Unknown parameter in Rules[0]: "Acton"'),
        expect.stringContaining("'EXACT' is not one of EXACTLY"),
      ]),
    );
  });
});
