/**
 * Publishes the packaged libraries (dist/libs/<lib>, built by `nx run-many -t package`): each
 * version the registry does not hold yet, siblings first, then tags the release with
 * changesets. The release workflow runs it with the registry from the packages'
 * publishConfig (npm, with provenance); changesets/action runs it as its publish script and
 * reads the tags `changeset git-tag` reports to CHANGESETS_OUTPUT; the consumer check runs it against a registry on
 * loopback.
 *
 *   node dist/tools/release/main.js [--registry <url>] [--no-provenance] [--no-tag]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findWorkspaceRoot } from '@strata/config';
import { publishLibraries } from './publish';

const root = findWorkspaceRoot(__dirname);
const { values } = parseArgs({
  options: {
    registry: { type: 'string' },
    'no-provenance': { type: 'boolean', default: false },
    'no-tag': { type: 'boolean', default: false },
  },
});
// Every library under libs/ that is not private is released.
const libraries = readdirSync(join(root, 'libs')).filter(
  (lib) =>
    !(
      JSON.parse(readFileSync(join(root, 'libs', lib, 'package.json'), 'utf8')) as {
        private?: boolean;
      }
    ).private,
);
try {
  const published = publishLibraries({
    packageDirs: libraries.map((lib) => join(root, 'dist', 'libs', lib)),
    registry: values.registry,
    provenance: !values['no-provenance'],
    tag: !values['no-tag'],
    cwd: root,
  });
  console.log(`${published.length} of ${libraries.length} libraries published`);
} catch (error) {
  console.error(`release: ${(error as Error).message}`);
  process.exit(1);
}
