// Every `npm run <script>` the README and the docs/ pages document, on this checkout as a reader would type it:
// the script must exist in package.json; `synth` and `validate` run here for real (after the
// suite, with nothing else reading dist/); `test` is this run. In CI (`CI=true`) `emulator`
// (the flow again, uncached, as the script runs it) and `bench` (three minutes of measuring)
// run too; on a developer's machine they are checked to resolve, so a local `npm test` stays
// quick (the suite already ran the emulator flow's target). The suite's flow saved its
// restart point, so this `emulator` run must restart from it (EXPECT): the restored path
// runs in every CI run, not only on a developer's machine. One
// { name, passed, detail } per command in dist/readme-commands/readme.json, which
// test-summary.mjs counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const RUN = new Set(
  process.env.CI === 'true' ? ['synth', 'validate', 'emulator', 'bench'] : ['synth', 'validate'],
);
/** What a command run here must print besides exiting 0. */
const EXPECT = {
  emulator: /^PASS AWS side: restored from the checkpoint/m,
};
const RESOLVE = {
  test: ['tools/scripts/test-all.sh'],
  emulator: ['dist/tools/emulator/main.js', 'tools/scripts/ensure-install.mjs'],
  bench: ['dist/tools/benchmark.js'],
};

// The README and every page under docs/, as one text.
const readme = ['README.md', ...readdirSync('docs', { recursive: true }).map((f) => `docs/${f}`)]
  .filter((file) => file.endsWith('.md'))
  .map((file) => readFileSync(file, 'utf8'))
  .join('\n');
const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts;
const documented = [
  ...new Set([
    ...[...readme.matchAll(/\bnpm run ([a-z][\w:-]*)/g)].map((match) => match[1]),
    ...(/\bnpm test\b/.test(readme) ? ['test'] : []),
  ]),
].sort();

const results = documented.map((name) => {
  if (!scripts[name]) return { name, passed: false, detail: 'no such script in package.json' };
  if (RUN.has(name)) {
    const started = Date.now();
    const run = spawnSync('npm', ['run', name], { encoding: 'utf8', env: process.env });
    const seconds = Math.round((Date.now() - started) / 1000);
    const output = `${run.stdout}${run.stderr}`;
    const expected = EXPECT[name];
    if (run.status !== 0)
      return { name, passed: false, detail: `ran: rc ${run.status}\n${output.slice(-2000)}` };
    if (expected && !expected.test(output))
      return { name, passed: false, detail: `ran: rc 0, but printed no ${expected}` };
    return { name, passed: true, detail: `ran: rc 0 in ${seconds} s` };
  }
  const needs = RESOLVE[name];
  if (!needs)
    return { name, passed: false, detail: 'documented but neither run nor resolved here' };
  const missing = needs.filter((file) => !existsSync(file));
  return {
    name,
    passed: missing.length === 0,
    detail: missing.length === 0 ? 'resolves' : `missing ${missing.join(', ')}`,
  };
});

mkdirSync('dist/readme-commands', { recursive: true });
writeFileSync('dist/readme-commands/readme.json', `${JSON.stringify(results, null, 2)}\n`);
for (const result of results)
  console.log(`${result.passed ? 'PASS' : 'FAIL'} npm run ${result.name}: ${result.detail}`);
process.exit(results.every((result) => result.passed) ? 0 : 1);
