import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ConfigIssue } from './config-error';
import { readEnvironmentFile } from './environment-file';
import { loadEnvironments } from './loader';
import { MINIMAL_ENVIRONMENT_FILE } from './testing/minimal-environment';

const VALID_DEV = MINIMAL_ENVIRONMENT_FILE;

/** A secret the process or an outside file holds; no error may ever print it. */
const SECRET = 'sk-live-0123456789abcdef';

function environmentsDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'strata-envdir-')), 'environments');
  mkdirSync(dir);
  return dir;
}

/** The issues loading `dir` reports, and the error text a user would see. */
function failureOf(dir: string): { issues: ConfigIssue[]; text: string } {
  try {
    loadEnvironments(dir);
  } catch (error) {
    if (error instanceof ConfigError) return { issues: [...error.issues], text: error.message };
    throw error;
  }
  throw new Error(`${dir} was expected to be refused`);
}

/** Exactly these `<entry> <field> <rule>` findings, and every one named in the printed error. */
function expectFindings(dir: string, expected: string[]): { issues: ConfigIssue[]; text: string } {
  const failure = failureOf(dir);
  expect(
    failure.issues.map((issue) => `${issue.file.split('/').pop()} ${issue.field} ${issue.rule}`),
  ).toEqual(expected);
  for (const issue of failure.issues) expect(failure.text).toContain(`[rule: ${issue.rule}]`);
  return failure;
}

describe('the environment loader refuses what is not a plain environment file', () => {
  it('a symbolic link to a file outside the repository, without printing its content', () => {
    const dir = environmentsDir();
    const outside = join(mkdtempSync(join(tmpdir(), 'strata-outside-')), 'secrets.env');
    writeFileSync(outside, `TOKEN=${SECRET}\n`);
    symlinkSync(outside, join(dir, 'evil.yaml'));
    const { text } = expectFindings(dir, ['evil.yaml (file) regular-file']);
    expect(text).not.toContain(SECRET);
  });

  it('a hard link to a file outside environments/, without printing its content', () => {
    const dir = environmentsDir();
    const outside = join(mkdtempSync(join(tmpdir(), 'strata-outside-')), 'secrets.yaml');
    writeFileSync(outside, `name: ${SECRET}\n`);
    linkSync(outside, join(dir, 'evil.yaml'));
    const { text } = expectFindings(dir, ['evil.yaml (file) regular-file']);
    expect(text).toContain('2 hard links');
    expect(text).not.toContain(SECRET);
  });

  it.each([
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['an AWS secret access key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['a GitHub token', 'ghp_0123456789abcdefghijABCDEFGHIJ012345'],
    ['the password of a URL', 'https://deploy:hunter2hunter2@git.example.com/repo.git'],
  ])('%s pasted into a field is not repeated in the message', (_, secret) => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), `${VALID_DEV}delivery: ${JSON.stringify(secret)}\n`);
    const { text } = failureOf(dir);
    expect(text).toContain('delivery: must be a object');
    expect(text).toContain('<redacted>');
    const credential = secret.includes('://') ? 'hunter2hunter2' : secret;
    expect({ secret, leaked: text.includes(credential) }).toEqual({ secret, leaked: false });
  });

  it('a symbolic link to the process environment, without printing a variable', () => {
    const dir = environmentsDir();
    process.env.STRATA_TEST_SECRET = SECRET;
    symlinkSync('/proc/self/environ', join(dir, 'evil.yaml'));
    const { text } = expectFindings(dir, ['evil.yaml (file) regular-file']);
    expect(text).not.toContain(SECRET);
    delete process.env.STRATA_TEST_SECRET;
  });

  it('a dangling link, a link loop and a directory named like a file', () => {
    const dir = environmentsDir();
    symlinkSync(join(dir, 'missing.yaml'), join(dir, 'dangling.yaml'));
    symlinkSync(join(dir, 'loop-b.yaml'), join(dir, 'loop-a.yaml'));
    symlinkSync(join(dir, 'loop-a.yaml'), join(dir, 'loop-b.yaml'));
    mkdirSync(join(dir, 'x.yaml'));
    expectFindings(dir, [
      'dangling.yaml (file) regular-file',
      'loop-a.yaml (file) regular-file',
      'loop-b.yaml (file) regular-file',
      'x.yaml (file) regular-file',
    ]);
  });

  it('a named pipe, without blocking on it', () => {
    const dir = environmentsDir();
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    // Opening a pipe no one writes to would block for ever: the finding shows its type was
    // judged first.
    expectFindings(dir, ['pipe.yaml (file) regular-file']);
  });

  it('a 50 MB binary file, checked by size before reading and reported in one short line', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'big.yaml'), '');
    truncateSync(join(dir, 'big.yaml'), 50 * 1024 * 1024);
    const { text } = expectFindings(dir, ['big.yaml (file) file-size']);
    expect(text.length).toBeLessThan(400);
  });

  it('binary content under the size cap, without echoing it', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a]));
    expectFindings(dir, ['bin.yaml (file) utf8-text']);
  });

  it('a file it cannot read', () => {
    // Root reads a mode-000 file; /proc/self/mem is a regular file no one can read from 0.
    if (process.getuid?.() === 0) {
      const result = readEnvironmentFile('/proc/self/mem', 'environments/mem.yaml');
      expect(result.issues.map((issue) => issue.rule)).toEqual(['readable']);
      return;
    }
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), VALID_DEV);
    chmodSync(join(dir, 'dev.yaml'), 0o000);
    expectFindings(dir, ['dev.yaml (file) readable']);
  });
});

describe('the environment loader parses YAML defensively', () => {
  it('an alias bomb: refused with file, field, line and rule', () => {
    const dir = environmentsDir();
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    writeFileSync(join(dir, 'dev.yaml'), `${VALID_DEV}${levels.join('\n')}\n`);
    // Refused by the alias count, before 9^9 nodes would be expanded.
    const { issues } = expectFindings(dir, ['dev.yaml b.0 yaml-alias-limit']);
    expect(issues[0].line).toBe(12);
  });

  it('an alias to an anchor that does not exist', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), VALID_DEV.replace('costCentre: dev', 'costCentre: *cc'));
    const { issues } = expectFindings(dir, ['dev.yaml costCentre yaml-alias']);
    expect(issues[0].line).toBe(4);
  });

  it('a key given twice, with both lines findable', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), `${VALID_DEV}costCentre: other\n`);
    const { issues } = expectFindings(dir, ['dev.yaml costCentre duplicate-key']);
    expect(issues[0].line).toBe(11);
  });

  it('a key given twice through an alias key', () => {
    // `*team` is the anchored scalar "team": the second key is the first one again.
    const dir = environmentsDir();
    writeFileSync(
      join(dir, 'dev.yaml'),
      `${VALID_DEV}tags:\n  &team team: platform\n  *team : someone-else\n`,
    );
    const { issues } = expectFindings(dir, ['dev.yaml tags.*team duplicate-key']);
    expect(issues[0].line).toBe(13);
  });

  it.each([
    ['hexadecimal', '0x2'],
    ['octal', '0o2'],
    ['an exponent', '2e0'],
    ['a leading zero', '02'],
    ['infinity', '.inf'],
  ])('number-format: a number written in %s', (_, written) => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), VALID_DEV.replace('azCount: 2', `azCount: ${written}`));
    const { issues } = expectFindings(dir, ['dev.yaml network.azCount number-format']);
    expect(issues[0].line).toBe(7);
  });

  it('a mapping used as a key', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), `${VALID_DEV}tags:\n  ? { a: b }\n  : x\n`);
    expectFindings(dir, ['dev.yaml tags yaml-key']);
  });

  it('60 000 keys: refused by size before parsing, in a short message', () => {
    const dir = environmentsDir();
    const keys = Array.from({ length: 60_000 }, (_, index) => `k${index}: 1`).join('\n');
    writeFileSync(join(dir, 'dev.yaml'), `${VALID_DEV}${keys}\n`);
    const { issues, text } = failureOf(dir);
    expect(issues.map((issue) => issue.rule)).toEqual(['file-size']);
    expect(text.length).toBeLessThan(400);
  });

  it('20 000 unknown keys under the size cap: one issue, keys quoted sparingly', () => {
    const dir = environmentsDir();
    const keys = Array.from({ length: 20_000 }, (_, index) => `k${index}: 1`).join('\n');
    writeFileSync(join(dir, 'dev.yaml'), `${VALID_DEV}${keys}\n`);
    const { issues, text } = expectFindings(dir, ['dev.yaml k0 unknown-field']);
    expect(issues[0].message).toContain('and 19997 more');
    expect(text.length).toBeLessThan(400);
  });

  it('20 000 duplicate keys: the issue list is capped', () => {
    const dir = environmentsDir();
    const keys = Array.from({ length: 20_000 }, () => 'k: 1').join('\n');
    writeFileSync(join(dir, 'dev.yaml'), `${VALID_DEV}${keys}\n`);
    const { issues } = failureOf(dir);
    expect(issues).toHaveLength(21);
    expect(issues[20].rule).toBe('issue-limit');
  });
});

describe('environment file names', () => {
  it('loads <name>.YAML and <name>.yml like <name>.yaml', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'qa.YAML'), VALID_DEV.replace('name: dev', 'name: qa'));
    writeFileSync(join(dir, 'dev.yml'), VALID_DEV);
    expect(loadEnvironments(dir).map((env) => env.name)).toEqual(['dev', 'qa']);
  });

  it('one-file-per-environment: dev.yml beside dev.yaml', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), VALID_DEV);
    writeFileSync(join(dir, 'dev.yml'), VALID_DEV);
    expectFindings(dir, ['dev.yml (file) one-file-per-environment']);
  });

  it('environment-file-name: anything else in environments/, hidden entries aside', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), VALID_DEV);
    writeFileSync(join(dir, 'qa.json'), '{}');
    writeFileSync(join(dir, '.dev.yaml.swp'), 'swap');
    expectFindings(dir, ['qa.json (file) environment-file-name']);
  });

  it('a control character in a file name is shown escaped', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), VALID_DEV);
    writeFileSync(join(dir, 'x\u001b[2J.txt'), '');
    const { text } = failureOf(dir);
    expect(text).toContain('x\\u{1b}[2J.txt');
    expect(text).not.toContain('\u001b');
  });
});

describe('rules across environments', () => {
  /** A development environment with every layer on (so its observability layer is too). */
  const inAccount = (name: string, extra = '', domain = `${name}.example.com`) =>
    VALID_DEV.replace('name: dev', `name: ${name}`)
      .replace('dnsDomain: dev.example.com', `dnsDomain: ${domain}`)
      .replace(
        'layers: { cluster: false, edge: false, observability: false }',
        `cluster:
  kubernetesVersion: '1.34'
  adminRoleName: platform-admin
  gitops: { repoUrl: 'https://github.com/example-org/strata.git' }${extra}`,
      );

  it('account-services-once: two environments creating the once-per-account services', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), inAccount('dev'));
    writeFileSync(join(dir, 'qa.yaml'), inAccount('qa'));
    const { issues } = expectFindings(dir, [
      'qa.yaml observability.accountServices account-services-once',
    ]);
    expect(issues[0].message).toContain('dev');
  });

  it('account-services-once: the owner rule counts every layer that creates account-wide resources', () => {
    // No observability layer in either: the cluster layers still set the registry-wide
    // scanning and replication of the one account.
    const dir = environmentsDir();
    const withoutObservability = (name: string) =>
      inAccount(name).replace(/^(cluster:)/m, 'layers: { edge: false, observability: false }\n$1');
    writeFileSync(join(dir, 'dev.yaml'), withoutObservability('dev'));
    writeFileSync(join(dir, 'qa.yaml'), withoutObservability('qa'));
    expectFindings(dir, ['qa.yaml observability.accountServices account-services-once']);
  });

  it('host-names-unique: a host another environment serves', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), inAccount('dev', '', 'api.example.com'));
    // Its API host is dev's portal host.
    writeFileSync(
      join(dir, 'qa.yaml'),
      inAccount('qa', '\nobservability: { accountServices: false }', 'portal.api.example.com'),
    );
    const { issues } = expectFindings(dir, ['qa.yaml dnsDomain host-names-unique']);
    expect(issues[0].message).toContain('portal.api.example.com, which dev');
  });

  it('accepts a shared account where one environment owns the services', () => {
    const dir = environmentsDir();
    writeFileSync(join(dir, 'dev.yaml'), inAccount('dev'));
    writeFileSync(
      join(dir, 'qa.yaml'),
      inAccount('qa', '\nobservability: { accountServices: false }'),
    );
    expect(loadEnvironments(dir).map((env) => env.observability.accountServices)).toEqual([
      true,
      false,
    ]);
  });
});
