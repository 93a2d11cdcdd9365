import { ReleaseReport } from './check-stack';
import { releaseStatus, withCheckResults } from './readme-results';

const report = (stack: string, release: string, passed: boolean): ReleaseReport => ({
  stack,
  release,
  namespace: 'kube-system',
  chart: `${release}@1.0.0`,
  source: 'mirror',
  objects: 3,
  podTemplates: 1,
  injected: 0,
  passed,
  findings: passed ? [] : [{ check: 'chart', message: 'not found' }],
});

const readme = [
  '| Release | Version | Check   |',
  '| ------- | ------- | ------- |',
  '| alpha   | 1.0.0   | PASS ×6 |',
  '| beta    | 1.0.0   | PASS ×6 |',
  '',
  'Its last run checked 132 renderings (with the app-of-apps chart).',
].join('\n');

describe('the README add-on table, as the check writes it', () => {
  const reports = [
    report('addons-dev', 'alpha', true),
    report('addons-prod', 'alpha', true),
    report('addons-dev', 'beta', true),
    report('addons-prod', 'beta', false),
    report('addons-prod', 'root/app', true),
  ];

  it('counts the stacks that pass each release, and names failures', () => {
    expect(releaseStatus(reports, 'alpha')).toBe('PASS ×2');
    expect(releaseStatus(reports, 'beta')).toBe('FAIL ×1 of 2');
    expect(releaseStatus(reports, 'gamma')).toBe('not checked');
  });

  it('rewrites a stale Check column and renderings count (typed by hand, they drifted)', () => {
    const written = withCheckResults(readme, reports);
    expect(written).toContain('| alpha   | 1.0.0   | PASS ×2 |');
    expect(written).toContain('| beta    | 1.0.0   | FAIL ×1 of 2 |');
    expect(written).toContain('checked 5 renderings');
    expect(withCheckResults(written, reports)).toBe(written);
  });

  it('refuses a README it can no longer read, rather than checking nothing', () => {
    expect(() => withCheckResults('no table here', reports)).toThrow(/no add-on table/);
    expect(() => withCheckResults(readme.replace('Check  ', 'Status '), reports)).toThrow(
      /no "Check" column/,
    );
    expect(() => withCheckResults(readme.replace('checked 132', 'made 132'), reports)).toThrow(
      /no sentence matching/,
    );
  });
});
