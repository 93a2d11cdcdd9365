import { execFileSync } from 'node:child_process';
import { findWorkspaceRoot, LAYERS } from '@strata/config';

const root = findWorkspaceRoot(__dirname);

interface ResolvedInputs {
  readonly files: readonly string[];
  readonly runtime?: readonly string[];
}

/** What Nx itself hashes for a target (`nx show target inputs`), not what nx.json says. */
function resolvedInputs(target: string): ResolvedInputs {
  const out = execFileSync(
    process.execPath,
    [require.resolve('nx/bin/nx.js'), 'show', 'target', 'inputs', target, '--json'],
    { cwd: root, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  return JSON.parse(out.slice(out.indexOf('{'))) as ResolvedInputs;
}

// The engine checks and the emulator flow read synthesized stacks and their own bundle: a
// change that leaves both unchanged (a comment, a refactor) must not re-run them.
describe.each(['data:validate', 'cluster:charts', 'tools:policy', 'tools:emulator'])(
  '%s is keyed by the synthesized output, not by the sources',
  (target) => {
    const inputs = resolvedInputs(target);

    it('hashes no TypeScript source of an app or library', () => {
      const sources = inputs.files.filter((file) => /^(apps|libs)\/.*\.ts$/.test(file));
      expect(sources).toEqual([]);
    });

    it('hashes the synthesized stacks and the bundle that checks them, read when it is hashed', () => {
      // A runtime input, not dependentTasksOutputFiles: the test command runs these checks with
      // --excludeTaskDependencies after synthesis, and Nx then leaves excluded tasks' outputs
      // out of the hash (a changed stack would find a stale result in the cache).
      const tool = target === 'cluster:charts' ? 'charts' : target.split(':')[1];
      // A layer's validate reads only its own app's stacks (the same rule that selects the
      // stacks a pull request plans); the others read every layer's.
      const output =
        tool === 'validate' ? `dist/cdktf.out/${target.split(':')[0]}` : 'dist/cdktf.out';
      expect(inputs.runtime).toContain(
        `node tools/scripts/output-digest.mjs ${output} dist/tools/${tool}`,
      );
      expect(inputs.files).toContain('tools/scripts/output-digest.mjs');
    });
  },
);

// A change to one layer's synthesized output re-runs that layer's validate, not the others'.
describe.each([...LAYERS])('%s:validate', (layer) => {
  it("is keyed by that layer's synthesized stacks only", () => {
    const digests = (resolvedInputs(`${layer}:validate`).runtime ?? []).filter((command) =>
      command.includes('output-digest.mjs'),
    );
    expect(digests).toEqual([
      `node tools/scripts/output-digest.mjs dist/cdktf.out/${layer} dist/tools/validate`,
    ]);
  });
});
