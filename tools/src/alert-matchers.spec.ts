import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { alertMatcherProblem } from '@strata/config';
import { alertmanagerConfig } from '@strata/constructs/helm';
import { loadToolchain } from './validate/toolchain';

/**
 * The environment rule alert-matchers against Alertmanager's own parser: amtool check-config
 * (the release the chart's Alertmanager runs) on the config the platform renders from a
 * route. Whatever the rule accepts, Alertmanager must accept; what Alertmanager refuses, the
 * rule must refuse (it may refuse more: one matcher per entry, no special characters unquoted).
 */
const amtool = loadToolchain().amtool?.path;
if (!amtool) throw new Error('the toolchain has no amtool: run "node tools/toolchain/install.mjs"');
const dir = mkdtempSync(join(tmpdir(), 'strata-alert-matchers-'));

/** Alertmanager's verdict on each matcher, one config file each, one amtool run for all. */
function alertmanagerAccepts(matchers: readonly string[]): boolean[] {
  const files = matchers.map((matcher, index) => {
    const file = join(dir, `m${index}.yaml`);
    const config = alertmanagerConfig([
      { receiver: 'oncall', matchers: [matcher], webhookUrl: 'https://hooks.example.com/x' },
    ]);
    writeFileSync(file, stringify(config));
    return file;
  });
  return files.map((file) => {
    const run = spawnSync(amtool as string, ['check-config', file], { encoding: 'utf8' });
    return run.status === 0;
  });
}

const GOOD = [
  'severity="critical"',
  'team=platform',
  'alertname=~"Kube.*"',
  'namespace!~"kube-.*|default"',
  '"service.name"="api"',
  'cluster != "dev"',
  'x=~"[a-z]+\\\\d"',
];
const BAD = [
  'severity',
  'alertname=~"("',
  'alertname=~"(?=Kube)"',
  'alertname=~"(a)\\\\1"',
  'team="unterminated',
  'team=~"[z-a]"',
];

describe('alert-matchers, checked with amtool check-config', () => {
  it('accepts what Alertmanager accepts among well-formed matchers', () => {
    expect(GOOD.map(alertMatcherProblem)).toEqual(GOOD.map(() => undefined));
    expect(alertmanagerAccepts(GOOD)).toEqual(GOOD.map(() => true));
  });

  it('refuses every matcher Alertmanager refuses', () => {
    expect(alertmanagerAccepts(BAD)).toEqual(BAD.map(() => false));
    expect(BAD.filter((matcher) => alertMatcherProblem(matcher) === undefined)).toEqual([]);
  });

  it('refuses more than Alertmanager where that is clearer', () => {
    // Alertmanager reads an empty entry as no matcher (the route then matches every alert)
    // and a name starting with a digit as a UTF-8 name.
    const stricter = ['', '1team=platform', 'a==b'];
    expect(alertmanagerAccepts(stricter)).toEqual(stricter.map(() => true));
    expect(stricter.map((matcher) => alertMatcherProblem(matcher) !== undefined)).toEqual(
      stricter.map(() => true),
    );
  });

  it('never accepts a generated matcher Alertmanager refuses', () => {
    const name = fc.oneof(
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
      fc.constantFrom('1a', 'a-b', '"utf.8 name"', 'a.b', ''),
    );
    const operator = fc.constantFrom('=', '!=', '=~', '!~', '==', '~', '');
    const value = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.string({ maxLength: 8 }).map((text) => JSON.stringify(text)),
      fc.constantFrom('"(?!x)"', '"(a"', '"a{2,1}"', '"[[:alpha:]]"', '"\\\\p{L}+"', 'a b', '"é"'),
    );
    const samples = fc.sample(fc.tuple(name, operator, value), { numRuns: 150, seed: 31 });
    const matchers = samples.map(([n, o, v]) => `${n}${o}${v}`);
    const accepted = matchers.filter((matcher) => alertMatcherProblem(matcher) === undefined);
    const verdicts = alertmanagerAccepts(accepted);
    expect(accepted.filter((_, index) => !verdicts[index])).toEqual([]);
    // The generator reaches both sides of the rule.
    expect(accepted.length).toBeGreaterThan(10);
    expect(matchers.length - accepted.length).toBeGreaterThan(10);
  });
});
