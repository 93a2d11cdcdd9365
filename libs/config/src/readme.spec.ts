import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from './loader';
import { environmentFieldReference } from './model/reference';
import { markdownTable } from './testing/markdown-table';

const root = findWorkspaceRoot(__dirname);
const readme = readFileSync(join(root, 'docs', 'environments.md'), 'utf8');

const table = (first: string) => markdownTable(readme, first);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('docs/environments.md', () => {
  it('has the field reference the schema derives, row for row', () => {
    const expected = environmentFieldReference().map((row) => [
      `\`${row.field}\``,
      row.default,
      row.description,
    ]);
    const rows = table('Field');
    if (JSON.stringify(rows) !== JSON.stringify(expected)) {
      // Regenerate with: node tools/scripts/environment-reference.mjs --write
      const render = (cells: string[]) =>
        `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
      process.stdout.write(
        [render(['Field', 'Default', 'Meaning']), '| --- | --- | --- |', ...expected.map(render)]
          .concat('')
          .join('\n'),
      );
    }
    expect(rows).toEqual(expected);
  });

  it('names every rule the loader and the rules can report', () => {
    const source = sourceFiles(join(root, 'libs/config/src'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const ids = new Set(
      [
        ...source.matchAll(/\brule: '([a-z][a-z0-9-]+)'/g),
        ...source.matchAll(/\bfail\(\s*\w+,\s*'([a-z][a-z0-9-]+)'/g),
        ...source.matchAll(/\bproblem\(\s*'([a-z][a-z0-9-]+)'/g),
      ].map((match) => match[1]),
    );
    expect(ids.size).toBeGreaterThan(40);
    const undocumented = [...ids].filter((id) => !readme.includes(`\`${id}\``));
    expect(undocumented).toEqual([]);
  });
});
