/** The raw cells of one Markdown table row, split on its unescaped pipes (spacing kept). */
export function markdownRow(line: string): string[] {
  return line.split(/(?<!\\)\|/).slice(1, -1);
}

/** The cells of the Markdown table in `text` whose header row starts with `| <first> `. */
export function markdownTable(text: string, first: string): string[][] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${first} `));
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(markdownRow(line).map((cell) => cell.trim().replace(/\\\|/g, '|')));
  }
  return rows;
}
