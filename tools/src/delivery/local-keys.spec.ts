import { execFileSync } from 'node:child_process';
import { findWorkspaceRoot } from '@strata/config';

const root = findWorkspaceRoot(__dirname);

interface ResolvedInputs {
  readonly files: readonly string[];
  readonly depOutputs?: readonly string[];
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

    it('hashes the synthesized stacks and the bundle that checks them', () => {
      const outputs = inputs.depOutputs ?? [];
      expect(outputs).toContainEqual(
        expect.stringMatching(/^dist\/cdktf\.out\/.*\/cdk\.tf\.json$/),
      );
      expect(outputs).toContainEqual(expect.stringMatching(/^dist\/tools\/[a-z]+\/main\.js$/));
      // Only its own bundle: a change to another tool's code leaves this check cached.
      const bundles = new Set(
        outputs.filter((file) => file.startsWith('dist/tools/')).map((f) => f.split('/')[2]),
      );
      expect(bundles.size).toBe(1);
    });
  },
);
