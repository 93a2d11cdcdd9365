import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { packageBin } from '../bench/package-bin';
import { JsonProject, membersByPackage, readTypedocLog } from './coverage';

const root = findWorkspaceRoot(__dirname);

/** A one-file package run through the real TypeDoc, as the docs check runs it. */
function typedoc(source: string, readme = '# Fixture\n') {
  const dir = mkdtempSync(join(tmpdir(), 'strata-docs-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@strata/fixture' }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, target: 'es2022' }, files: ['index.ts'] }),
  );
  writeFileSync(join(dir, 'index.ts'), source);
  writeFileSync(join(dir, 'README.md'), readme);
  const log = openSync(join(dir, 'typedoc.log'), 'w');
  const run = spawnSync(
    process.execPath,
    [
      packageBin(root, 'typedoc', 'typedoc'),
      'index.ts',
      '--json',
      'api.json',
      '--emit',
      'docs',
      '--out',
      'site',
      '--disableSources',
      '--readme',
      'README.md',
      '--validation.notDocumented',
      '--packagesRequiringDocumentation',
      '@strata/fixture',
    ],
    // To a file, as the docs check does: through a pipe the end of a long log can be lost.
    { cwd: dir, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  expect(run.error).toBeUndefined();
  const project = JSON.parse(readFileSync(join(dir, 'api.json'), 'utf8')) as JsonProject;
  return { log: readFileSync(join(dir, 'typedoc.log'), 'utf8'), project };
}

describe('documentation coverage', () => {
  it('counts members and the undocumented ones as TypeDoc reports them', () => {
    const { log, project } = typedoc(
      [
        '/** A documented interface. */',
        'export interface Props {',
        '  /** Documented. */',
        '  readonly a: string;',
        '  readonly b: number;',
        '  readonly nested: { readonly c: boolean };',
        '}',
        'export function undocumented(props: Props): string {',
        '  return props.a;',
        '}',
      ].join('\n'),
    );
    const { undocumentedWarnings, otherWarnings } = readTypedocLog(log);
    // b, nested, nested.c, and the function's signature, each of the fixture package.
    expect(undocumentedWarnings).toHaveLength(4);
    for (const warning of undocumentedWarnings) expect(warning).toContain('@strata/fixture/');
    expect(otherWarnings).toEqual([]);
    // Props, a, b, nested, c, the signature.
    expect(membersByPackage(project).get('@strata/fixture')).toBe(6);
  });

  it('keeps every other warning, with its detail lines', () => {
    const { log } = typedoc(
      ['/** Links to {@link Missing}. */', 'export const value = 1;'].join('\n'),
    );
    const { undocumentedWarnings, otherWarnings } = readTypedocLog(log);
    expect(undocumentedWarnings).toEqual([]);
    expect(otherWarnings).toEqual([expect.stringContaining('Missing')]);
  });

  it("keeps a Markdown page's warnings, which name the page's line", () => {
    const { log } = typedoc(
      '/** Documented. */\nexport const value = 1;',
      '# Fixture\n\nSee [the guide](guide/missing.md).\n',
    );
    const { otherWarnings } = readTypedocLog(log);
    expect(otherWarnings).toEqual([
      expect.stringMatching(/README\.md:3:\d+ - \[warning\].*missing\.md/),
    ]);
  });
});
