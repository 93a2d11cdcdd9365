import { markdownRow } from '@strata/config';
import { ReleaseReport } from './check-stack';

/** The documentation page holding the add-on table. */
export const ADDON_TABLE_PAGE = 'docs/cluster.md';

/** The table whose rows are the addons stack's releases; its `Check` column is ours. */
const TABLE_HEADER = /^\| Release +\|/;
const CHECK_COLUMN = 'Check';
/** The sentence under the table that gives the number of renderings the check made. */
const RENDERINGS = /checked \d+ renderings/;

/** `PASS ×n` when every stack that installs the release passed it, else `FAIL ×f of n`. */
export function releaseStatus(reports: readonly ReleaseReport[], release: string): string {
  const mine = reports.filter((report) => report.release === release);
  if (mine.length === 0) return 'not checked';
  const failed = mine.filter((report) => !report.passed).length;
  return failed === 0 ? `PASS ×${mine.length}` : `FAIL ×${failed} of ${mine.length}`;
}

/**
 * `readme` with the add-on table's Check column and the renderings count as the check found
 * them (not yet formatted: column widths are prettier's job). Throws when the page has no
 * such table, column or sentence, so a reworded page cannot silently stop being checked.
 */
export function withCheckResults(readme: string, reports: readonly ReleaseReport[]): string {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => TABLE_HEADER.test(line));
  if (start < 0)
    throw new Error(`${ADDON_TABLE_PAGE} has no add-on table (a "| Release |" header)`);
  const column = markdownRow(lines[start]).findIndex((cell) => cell.trim() === CHECK_COLUMN);
  if (column < 0)
    throw new Error(`${ADDON_TABLE_PAGE}'s add-on table has no "${CHECK_COLUMN}" column`);
  for (let index = start + 2; index < lines.length && lines[index].startsWith('|'); index++) {
    const row = markdownRow(lines[index]);
    row[column] = ` ${releaseStatus(reports, row[0].trim())} `;
    lines[index] = `|${row.join('|')}|`;
  }
  const text = lines.join('\n');
  if (!RENDERINGS.test(text)) {
    throw new Error(
      `${ADDON_TABLE_PAGE} has no sentence matching ${RENDERINGS} under the add-on table`,
    );
  }
  return text.replace(RENDERINGS, `checked ${reports.length} renderings`);
}
