import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROVIDER_REPLAY_MODE, emulatorProviderEnv } from './provider-waits';

// The premise of provider-waits.ts, read from the source of the AWS provider the toolchain
// builds (tools/toolchain/versions.json): a version bump that changes what the VCR variables
// do outside the acceptance-test harness fails here, not silently in the emulator flow.
const versions = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'toolchain', 'versions.json'), 'utf8'),
) as { providers: { name: string; module: string; moduleVersion: string }[] };
const aws = versions.providers.find((provider) => provider.name === 'aws');
if (!aws) throw new Error('tools/toolchain/versions.json: providers has no "aws" entry');

/** The module's source directory, from the Go module cache (downloaded if absent). */
function moduleDir(module: string, version: string): string {
  const info = JSON.parse(
    execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
      encoding: 'utf8',
      cwd: __dirname,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    }),
  ) as { Dir?: string; Error?: string };
  if (!info.Dir) throw new Error(`go mod download ${module}@${version}: ${info.Error}`);
  return info.Dir;
}

/** Non-test Go files under `dir`, relative to `root`. */
function goSources(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.go'))
    .filter((entry) => !entry.name.endsWith('_test.go'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every production use of the VCR switch, with why it is harmless against the emulator. */
const KNOWN_USES: { file: RegExp; line: RegExp; why: string }[] = [
  {
    file: /^internal\/retry\/state\.go$/,
    line: /VCREnabled\(\)|vcr\.Mode\(\)|go-vcr\.v4\/pkg\/recorder/,
    why: 'the zero delay between state refreshes, which is the point',
  },
  {
    file: /^internal\/service\/[a-z0-9]+\/service_package(_gen)?\.go$/,
    line: /VCREnabled\(\)|vcr\.InteractionNotFoundRetryableFunc/,
    why: 'makes a missing recording non-retryable; a live HTTP client never returns one',
  },
  {
    file: /^internal\/conns\/conns\.go$/,
    line: /vcrEnabled:\s+vcr\.IsEnabled\(\)|func \(c \*InContext\) VCREnabled\(\)/,
    why: 'the flag itself',
  },
  {
    file: /^internal\/conns\/awsclient\.go$|^internal\/create\/id\.go$/,
    line: /vcr\.NewContext|vcr\.FromContext|func \(c \*AWSClient\) SetRandomnessSource/,
    why: 'a seeded randomness source, set only by the acceptance-test harness (checked below)',
  },
];

describe('the AWS provider the toolchain builds, with the emulator flow replay switch', () => {
  const root = moduleDir(aws.module, aws.moduleVersion);
  const production = goSources(root, 'internal').filter(
    (file) => !file.startsWith('internal/acctest/') && !file.startsWith('internal/vcr/'),
  );
  const lines = (file: string) => readFileSync(join(root, file), 'utf8').split('\n');

  it('reads VCR_MODE and VCR_PATH, and replays with no delay between state refreshes', () => {
    const envvar = readFileSync(join(root, 'internal', 'vcr', 'envvar.go'), 'utf8');
    expect(envvar).toMatch(/envVarVCRMode\s*=\s*"VCR_MODE"/);
    expect(envvar).toMatch(/envVarVCRPath\s*=\s*"VCR_PATH"/);
    expect(envvar).toMatch(new RegExp(`vcrModeReplayOnly\\s*=\\s*"${PROVIDER_REPLAY_MODE}"`));
    expect(Object.keys(emulatorProviderEnv('/work')).sort()).toEqual(['VCR_MODE', 'VCR_PATH']);

    const state = readFileSync(join(root, 'internal', 'retry', 'state.go'), 'utf8');
    expect(state).toMatch(
      /if mode, _ := vcr\.Mode\(\); mode == recorder\.ModeReplayOnly \{\s*delay = backoff\.ZeroDelay/,
    );
  });

  it('uses the switch nowhere else outside its acceptance-test harness', () => {
    const unknown = production.flatMap((file) =>
      lines(file)
        .map((text, index) => ({ file, line: index + 1, text: text.trim() }))
        .filter(({ text }) => /\bvcr\.|VCREnabled\(\)|go-vcr|VCR_(MODE|PATH)/.test(text))
        .filter(({ text }) => !text.startsWith('//'))
        .filter(
          ({ text }) => !KNOWN_USES.some((use) => use.file.test(file) && use.line.test(text)),
        ),
    );
    expect(unknown).toEqual([]);
    // The retry state, conns and at least one service package were really found and read.
    for (const use of KNOWN_USES) expect(production.some((file) => use.file.test(file))).toBe(true);
  });

  it('sets the randomness source only from the acceptance-test harness', () => {
    const callers = production.filter((file) =>
      lines(file).some((text) => /\.SetRandomnessSource\(/.test(text)),
    );
    expect(callers).toEqual([]);
  });
});
