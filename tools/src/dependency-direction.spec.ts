import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';

const root = findWorkspaceRoot(__dirname);

interface LintResult {
  messages: Array<{ ruleId: string | null; message: string }>;
}

/**
 * The dependency-direction findings the project's ESLint reports for one import in a file
 * of `project` (through the CLI: the flat config is an ES module, which jest cannot load).
 */
function findings(project: string, specifier: string): string[] {
  const run = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/eslint/bin/eslint.js'),
      '--format',
      'json',
      '--stdin',
      '--stdin-filename',
      join(project, 'src', 'direction-probe.ts'),
    ],
    {
      cwd: root,
      encoding: 'utf8',
      input: `import * as imported from '${specifier}';\nexport const used = imported;\n`,
    },
  );
  const [result] = JSON.parse(run.stdout) as LintResult[];
  return result.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('the dependency direction between the libraries (lint rule over project tags)', () => {
  it.each([
    ['libs/constructs', '@strata/config'],
    ['libs/constructs', '@strata/core'],
    ['libs/constructs', '@strata/config/anything'],
    ['libs/config', '@strata/core'],
  ])('%s may not import %s', (project, specifier) => {
    const [message] = findings(project, specifier);
    expect(message).toContain(`${project} (type:lib, lib:`);
    expect(message).toContain('dependency direction');
  });

  it.each([
    ['libs/config', '@strata/constructs/vocabulary'],
    ['libs/core', '@strata/config'],
    ['libs/core', '@strata/constructs'],
    ['apps/data', '@strata/core'],
  ])('%s may import %s', (project, specifier) => {
    expect(findings(project, specifier)).toEqual([]);
  });
});
