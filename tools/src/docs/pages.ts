import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every Markdown page under docs/ (the runbooks included), relative to the root. */
export function docsPages(root: string): string[] {
  return readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => join('docs', file));
}
