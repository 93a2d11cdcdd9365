import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Manifest } from './crd-schemas';
import { headingAnchor, runbookLinkProblems } from './runbook-links';

const repo = mkdtempSync(join(tmpdir(), 'strata-runbooks-'));
mkdirSync(join(repo, 'docs', 'runbooks'), { recursive: true });
writeFileSync(
  join(repo, 'docs', 'runbooks', 'components.md'),
  '# Runbook\n\n## High error rate\n\ntext\n',
);

const application: Manifest = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'gateway' },
  spec: { source: { repoURL: 'git@github.com:example-org/strata.git', path: 'charts/x' } },
};
const rule = (runbook: string): Manifest => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'gateway-slo', namespace: 'gateway' },
  spec: {
    groups: [
      {
        name: 'g',
        rules: [{ alert: 'GatewayHighErrorRate', annotations: { runbook_url: runbook } }],
      },
    ],
  },
});
const base = 'https://github.com/example-org/strata/blob/main/docs/runbooks';

describe('runbookLinkProblems', () => {
  it('follows GitHub heading anchors', () => {
    expect(headingAnchor('High error rate')).toBe('high-error-rate');
    expect(headingAnchor('Pods: not ready!')).toBe('pods-not-ready');
  });

  it('passes a link to a section of a file of the synced repository', () => {
    const problems = runbookLinkProblems(
      [{ release: 'app', objects: [application, rule(`${base}/components.md#high-error-rate`)] }],
      repo,
    );
    expect(problems).toEqual(new Map());
  });

  it('finds links to a missing file or section', () => {
    const problems = runbookLinkProblems(
      [
        { release: 'app', objects: [application] },
        {
          release: 'gateway',
          objects: [rule(`${base}/components.md#high-latency`), rule(`${base}/gateway.md#x`)],
        },
      ],
      repo,
    );
    expect(problems.get('gateway')).toEqual([
      `alert GatewayHighErrorRate: runbook ${base}/components.md#high-latency names section #high-latency, which docs/runbooks/components.md has no heading for`,
      `alert GatewayHighErrorRate: runbook ${base}/gateway.md#x names docs/runbooks/gateway.md, which this repository does not have`,
    ]);
  });
});
