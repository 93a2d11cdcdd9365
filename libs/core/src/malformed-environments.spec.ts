import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { TerraformOutput } from 'cdktf';
import { LayerStack } from './layer-stack';
import { runLayerApp } from './layer-app';

/**
 * Property: whatever malformed input lands in environments/, synth exits non-zero with a
 * message naming the file, the field and the rule, leaves the previous output exactly as it
 * was, and stays within a time and memory bound. Inputs are generated per class of the
 * environment issue's findings by fast-check.
 */

const VALID = `name: dev
tier: development
accountId: '111111111111'
costCentre: platform-dev
regions:
  primary: { name: us-east-1, vpcCidr: 10.10.0.0/16 }
network: { azCount: 2 }
dnsDomain: dev.example.com
budget: { monthlyLimitUsd: 10, alertEmails: [a@example.com] }
tags: { owner: platform }
cluster:
  kubernetesVersion: '1.34'
  adminRoleName: platform-admin
  gitops: { repoUrl: 'https://github.com/example-org/strata.git', revision: main }
`;

/** One malformed input: how to write it and what synth must say about it. */
interface MalformedCase {
  readonly kind: string;
  /** Entry of environments/ the message must name. */
  readonly entry: string;
  readonly field: string;
  readonly rule: string;
  readonly write: (dir: string) => void;
}

const writeDev = (content: string | Buffer) => (dir: string) =>
  writeFileSync(join(dir, 'dev.yaml'), content);

const fromDev = (
  kind: string,
  field: string,
  rule: string,
  content: string | Buffer,
): MalformedCase => ({ kind, entry: 'dev.yaml', field, rule, write: writeDev(content) });

const word = fc.stringMatching(/^[a-z][a-z0-9]{2,12}$/);
const controlCharacter = fc.constantFrom(
  ...['\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u2028', '\u200b'],
);
/** Text with at least one control character somewhere in it. */
const withControl = fc
  .tuple(fc.string({ maxLength: 20 }), controlCharacter, fc.string({ maxLength: 20 }))
  .map(([before, control, after]) => `${before}${control}${after}`);
/**
 * A YAML double-quoted scalar holding exactly `text`: every character beyond ASCII escaped,
 * since YAML folds a raw line separator (U+2028) inside quotes into a space.
 */
const quoted = (text: string) =>
  JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

const TOP_LEVEL_KEYS = ['name', 'tier', 'accountId', 'costCentre', 'dnsDomain', 'network'];

const CASES: fc.Arbitrary<MalformedCase>[] = [
  // The file as YAML.
  fc
    .constantFrom(...TOP_LEVEL_KEYS)
    .chain((key) =>
      word.map((value) =>
        fromDev('duplicate key', key, 'duplicate-key', `${VALID}${key}: ${value}\n`),
      ),
    ),
  word
    .filter((anchor) => !VALID.includes(`&${anchor}`))
    .map((anchor) =>
      fromDev(
        'undefined alias',
        'costCentre',
        'yaml-alias',
        VALID.replace('costCentre: platform-dev', () => `costCentre: *${anchor}`),
      ),
    ),
  fc.integer({ min: 5, max: 9 }).chain((width) =>
    fc.integer({ min: 4, max: 8 }).map((depth) => {
      const levels = [`l0: &l0 [${Array(width).fill('x').join(', ')}]`];
      for (let level = 1; level <= depth; level++) {
        levels.push(
          `l${level}: &l${level} [${Array(width)
            .fill(`*l${level - 1}`)
            .join(', ')}]`,
        );
      }
      return fromDev('alias bomb', 'l1.0', 'yaml-alias-limit', `${VALID}${levels.join('\n')}\n`);
    }),
  ),
  fc.constantFrom('[', '{', '"', "'", ': :').map((broken) =>
    fromDev(
      'syntax',
      '(file)',
      'yaml-syntax',
      VALID.replace('tier: development', () => `tier: ${broken}development`),
    ),
  ),
  fc
    .uint8Array({ minLength: 16, maxLength: 512 })
    .map((bytes) => fromDev('binary', '(file)', 'utf8-text', Buffer.from([0xff, 0x00, ...bytes]))),
  // The schema.
  word
    .filter((key) => !['kubernetesversion', 'adminrolename', 'gitops'].includes(key))
    .map((key) =>
      fromDev(
        'misspelt field',
        `cluster.${key}`,
        'unknown-field',
        VALID.replace('cluster:\n', () => `cluster:\n  ${key}: 1\n`),
      ),
    ),
  fc
    .tuple(withControl, fc.constantFrom('costCentre', 'tags.owner', 'cluster.gitops.revision'))
    .map(([text, field]) => {
      const content =
        field === 'costCentre'
          ? VALID.replace('costCentre: platform-dev', () => `costCentre: ${quoted(text)}`)
          : field === 'tags.owner'
            ? VALID.replace('owner: platform', () => `owner: ${quoted(text)}`)
            : VALID.replace('revision: main', () => `revision: ${quoted(text)}`);
      return fromDev('control character', field, 'control-characters', content);
    }),
  // What AWS refuses.
  fc
    .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 16, max: 20 }))
    .chain(([octet, prefix]) =>
      fc
        .constantFrom(`10.0${octet}.0.0/${prefix}`, `10.${octet}.0.1/${prefix}`)
        .map((cidr) =>
          fromDev(
            'non-canonical CIDR',
            'regions.primary.vpcCidr',
            'cidr-canonical',
            VALID.replace('10.10.0.0/16', cidr),
          ),
        ),
    ),
  fc
    .oneof(
      word.map((key) => ({ key: `aws:${key}`, value: 'x', rule: 'tag-reserved' })),
      word.map((key) => ({ key: `AwS:${key}`, value: 'x', rule: 'tag-reserved' })),
      fc
        .integer({ min: 257, max: 20_000 })
        .map((length) => ({ key: 'note', value: 'v'.repeat(length), rule: 'tag-length' })),
      fc
        .constantFrom('#', '!', '$', '%', '^', '&', '*', '(', ';', '<', '"', '?', '`')
        .map((bad) => ({ key: 'note', value: `a${bad}b`, rule: 'tag-characters' })),
    )
    .map(({ key, value, rule }) =>
      fromDev(
        'tag',
        `tags.${key}`,
        rule,
        // A replacer function: generated text may hold `$'`, which a replacement string expands.
        VALID.replace(
          'tags: { owner: platform }',
          () => `tags: { owner: platform, ${quoted(key)}: ${quoted(value)} }`,
        ),
      ),
    ),
  fc
    .integer({ min: 42, max: 120 })
    .map((count) =>
      fromDev(
        'too many tags',
        'tags',
        'tag-count',
        VALID.replace(
          'tags: { owner: platform }',
          `tags: { ${Array.from({ length: count }, (_, index) => `t${index}: x`).join(', ')} }`,
        ),
      ),
    ),
  fc
    .integer({ min: 11, max: 60 })
    .map((count) =>
      fromDev(
        'budget recipients',
        'budget.alertEmails',
        'budget-recipients',
        VALID.replace(
          'alertEmails: [a@example.com]',
          `alertEmails: [${Array.from({ length: count }, (_, index) => `r${index}@example.com`).join(', ')}]`,
        ),
      ),
    ),
  fc.constant(
    fromDev(
      'one AZ',
      'network.azCount',
      'layer-min-azs',
      VALID.replace('azCount: 2', 'azCount: 1'),
    ),
  ),
  fc
    .constantFrom('main..x', 'x.lock', 'a//b', '-x', 'x@{1}', 'a~b', 'a^b', 'a:b', 'x.', '/x')
    .map((revision) =>
      fromDev(
        'git revision',
        'cluster.gitops.revision',
        'format',
        VALID.replace('revision: main', () => `revision: ${quoted(revision)}`),
      ),
    ),
  fc.constant(
    fromDev(
      'emulator in production',
      'emulator',
      'emulator-non-production',
      `${VALID.replace('tier: development', 'tier: production')}emulator: { endpoint: 'http://127.0.0.1:5000' }\n`,
    ),
  ),
  // Issue 31's classes: what AWS, Kubernetes or Alertmanager would refuse or misread.
  fc.constantFrom('0x2', '0o2', '2e0', '02', '.inf', '0x02', '2.0e0').map((written) =>
    fromDev(
      'number in a form services do not take',
      'network.azCount',
      'number-format',
      VALID.replace('azCount: 2', () => `azCount: ${written}`),
    ),
  ),
  fc.constantFrom(7, 8, 9, 12).map((number) =>
    fromDev(
      'zone the region does not have',
      'regions.primary.availabilityZoneIds',
      'availability-zone-ids',
      VALID.replace(
        'vpcCidr: 10.10.0.0/16 }',
        () => `vpcCidr: 10.10.0.0/16, availabilityZoneIds: [use1-az1, use1-az${number}] }`,
      ),
    ),
  ),
  fc
    .oneof(
      // Look-alikes and case variants of a key Strata sets, and of another user key.
      fc
        .constantFrom(
          'environment',
          'ENVIRONMENT',
          '\u0395nvironment',
          'Envir\u043enment',
          '\uff30roject',
        )
        .map((key) => ({ key, rule: 'tag-reserved' })),
      fc
        .constantFrom('Owner', 'OWNER', '\u043ewner')
        .map((key) => ({ key, rule: 'tag-lookalike' })),
      // Prefixes of the services the platform runs.
      fc
        .tuple(
          fc.constantFrom('karpenter.sh/', 'Kubernetes.io/', 'k8s.io/', 'eks:', 'elbv2.k8s.aws/'),
          word,
        )
        .map(([prefix, rest]) => ({ key: `${prefix}${rest}`, rule: 'tag-reserved' })),
    )
    .map(({ key, rule }) =>
      fromDev(
        'look-alike or service tag',
        `tags.${key}`,
        rule,
        VALID.replace(
          'tags: { owner: platform }',
          () => `tags: { owner: platform, ${quoted(key)}: x }`,
        ),
      ),
    ),
  fc
    .tuple(word, word)
    .chain(([user, secret]) =>
      fc.constantFrom(
        `https://${user}:${secret}@github.com/example-org/strata.git`,
        `https://github.com/example-org/strata.git?token=${secret}`,
      ),
    )
    .map((url) =>
      fromDev(
        'credentials in a URL',
        'cluster.gitops.repoUrl',
        'url-credentials',
        VALID.replace("'https://github.com/example-org/strata.git'", () => quoted(url)),
      ),
    ),
  fc.constant(null).map(() =>
    fromDev(
      'alias key repeating a key',
      'tags.*k',
      'duplicate-key',
      VALID.replace(
        'tags: { owner: platform }',
        () => 'tags:\n  &k owner: platform\n  *k : someone',
      ),
    ),
  ),
  fc
    .constantFrom(
      'severity',
      'alertname=~"("',
      'alertname=~"(?=Kube)"',
      'team="open',
      'a=~"(a)\\1"',
    )
    .map((matcher) =>
      fromDev(
        'alert matcher Alertmanager refuses',
        'cluster.monitoring.alertRoutes.0.matchers.0',
        'alert-matchers',
        VALID.replace(
          'cluster:\n',
          () =>
            `cluster:\n  monitoring: { alertRoutes: [{ receiver: oncall, matchers: [${quoted(matcher)}], webhookUrl: 'https://hooks.example.com/x' }] }\n`,
        ),
      ),
    ),
  // What is not a file, or not an environment file.
  fc.constantFrom('directory', 'dangling link', 'link outside', 'pipe', 'link loop').chain((kind) =>
    word.map((name): MalformedCase => ({
      kind,
      entry: `${name}.yaml`,
      field: '(file)',
      rule: 'regular-file',
      write: (dir) => {
        const path = join(dir, `${name}.yaml`);
        if (kind === 'directory') mkdirSync(path);
        if (kind === 'dangling link') symlinkSync(join(dir, 'missing'), path);
        if (kind === 'link outside') symlinkSync('/proc/self/environ', path);
        if (kind === 'pipe') execFileSync('mkfifo', [path]);
        if (kind === 'link loop') symlinkSync(path, path);
      },
    })),
  ),
  fc
    .tuple(word, fc.constantFrom('.json', '.txt', '.yaml.bak', '.yam', ''))
    .map(([name, extension]) => ({
      kind: 'file name',
      entry: `${name}${extension}`,
      field: '(file)',
      rule: 'environment-file-name',
      write: (dir: string) => writeFileSync(join(dir, `${name}${extension}`), VALID),
    })),
  fc.constantFrom('dev.yml', 'dev.YAML', 'DEV.yaml').map((twin) => ({
    kind: 'two files, one environment',
    // The file listed second (by name) is the one refused.
    entry: [twin, 'dev.yaml'].sort()[1],
    field: '(file)',
    rule: 'one-file-per-environment',
    write: (dir: string) => writeFileSync(join(dir, twin), VALID),
  })),
  fc.integer({ min: 257, max: 64 * 1024 }).map((kib) => ({
    kind: 'huge file',
    entry: 'dev.yaml',
    field: '(file)',
    rule: 'file-size',
    write: (dir: string) => {
      writeFileSync(join(dir, 'dev.yaml'), VALID);
      truncateSync(join(dir, 'dev.yaml'), kib * 1024);
    },
  })),
];

/**
 * Generous bounds: a refused file costs milliseconds; these catch hangs and blow-ups (an alias
 * bomb expanded takes minutes), not slowness. The time bound leaves room for a two-core CI
 * machine running other suites beside this one.
 */
const MAX_CASE_MS = 20_000;
const MAX_HEAP_GROWTH_BYTES = 256 * 1024 * 1024;
const RUNS = 1000;

describe('synth with a malformed environment', () => {
  const saved = { ...process.env };
  const base = mkdtempSync(join(tmpdir(), 'strata-malformed-'));
  let stderr = '';

  beforeEach(() => {
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr += String(chunk);
      return true;
    });
  });

  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
    jest.restoreAllMocks();
  });

  it(`refuses it with file, field and rule, writes nothing, in bounded time and memory (${RUNS} generated cases)`, async () => {
    const seen = new Map<string, number>();
    const families = new Set<number>();
    let slowest = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          ...CASES.map((cases, family) => cases.map((malformed) => ({ ...malformed, family }))),
        ),
        async (malformed) => {
          const root = mkdtempSync(join(base, 'case-'));
          const environments = join(root, 'environments');
          const outdir = join(root, 'cdktf.out');
          mkdirSync(environments);
          mkdirSync(outdir);
          writeFileSync(join(outdir, 'previous.txt'), 'earlier synth');
          writeFileSync(join(environments, 'dev.yaml'), VALID);
          malformed.write(environments);
          process.env.STRATA_ENVIRONMENTS_DIR = environments;
          process.env.CDKTF_OUTDIR = outdir;
          delete process.env.STRATA_ENV;
          process.exitCode = undefined;
          stderr = '';
          const heapBefore = process.memoryUsage().heapUsed;
          const caseStarted = Date.now();
          await runLayerApp({
            layer: 'network',
            addStacks: (app, environment) => {
              const stack = new LayerStack(app, `network-${environment.name}-us-east-1`, {
                environment,
                layer: 'network',
                region: 'us-east-1',
              });
              new TerraformOutput(stack, 'region', { value: stack.region });
            },
          });
          const elapsed = Date.now() - caseStarted;
          slowest = Math.max(slowest, elapsed);
          seen.set(malformed.kind, (seen.get(malformed.kind) ?? 0) + 1);
          families.add(malformed.family);
          const line = stderr
            .split('\n')
            .find((candidate) => candidate.includes(`[rule: ${malformed.rule}]`));
          expect(process.exitCode).toBe(1);
          expect(line).toBeDefined();
          expect(line).toContain(malformed.entry);
          expect(line).toContain(` ${malformed.field}: `);
          // Short, printable messages: no control character and no flood, whatever the input.
          expect(stderr).not.toMatch(/(?!\n)[\p{Cc}\p{Cf}\u2028\u2029]/u);
          expect(stderr.length).toBeLessThan(8000);
          expect(readdirSync(outdir)).toEqual(['previous.txt']);
          expect(readFileSync(join(outdir, 'previous.txt'), 'utf8')).toBe('earlier synth');
          expect(readdirSync(root).sort()).toEqual(['cdktf.out', 'environments']);
          expect(elapsed).toBeLessThan(MAX_CASE_MS);
          expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(MAX_HEAP_GROWTH_BYTES);
          rmSync(root, { recursive: true, force: true });
        },
      ),
      { numRuns: RUNS },
    );
    process.stdout.write(
      `${RUNS} malformed environments in ${Date.now() - started} ms (slowest ${slowest} ms): ${[
        ...seen,
      ]
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ')}\n`,
    );
    // Every class was generated at least once.
    expect(families.size).toBe(CASES.length);
  }, 60_000);
});
