import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';

const root = findWorkspaceRoot(__dirname);
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** The shell script an npm script runs (`bash tools/scripts/<name>.sh ...`). */
function wrapperOf(command: string): string | undefined {
  return /^bash (tools\/scripts\/[\w-]+\.sh)\b/.exec(command)?.[1];
}

describe('npm scripts', () => {
  // Each may be the first command on a fresh clone (the README documents them): with no
  // node_modules, `nx` or `prettier` would not be found. ensure-install.mjs is a no-op when
  // node_modules matches the lock file.
  it.each(Object.entries(scripts))(
    '%s installs the npm dependencies before it runs anything of theirs',
    (_name, command) => {
      const wrapper = wrapperOf(command);
      expect(wrapper).toBeDefined();
      expect(existsSync(join(root, wrapper!))).toBe(true);
      const lines = readFileSync(join(root, wrapper!), 'utf8').split('\n');
      const install = lines.findIndex((line) =>
        /^node tools\/scripts\/ensure-install\.mjs\b/.test(line),
      );
      expect(install).toBeGreaterThan(-1);
      // Nothing before it runs one of the dependencies' commands.
      const before = lines.slice(0, install).filter((line) => !/^\s*#/.test(line));
      expect(
        before.filter((line) => /\b(nx|npx|prettier|jest|tsc|eslint|cdktf)\b/.test(line)),
      ).toEqual([]);
    },
  );
});
