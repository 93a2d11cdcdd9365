import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryWebUrl } from '@strata/constructs/helm';
import { Manifest } from './crd-schemas';
import { ReleaseObjects } from './wiring';

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to dashes. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  return new Set(
    markdown
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => headingAnchor(line.replace(/^#+ /, ''))),
  );
}

/**
 * Every alert's runbook link into this repository (the one the stack's Argo CD Applications
 * sync from) names a file that exists here and a heading in it: an on-call engineer following
 * it must land on the instructions, not on a 404.
 */
export function runbookLinkProblems(
  releases: readonly ReleaseObjects[],
  repoRoot: string,
): Map<string, string[]> {
  const problems = new Map<string, string[]>();
  const all = releases.flatMap(({ release, objects }) =>
    objects.map((manifest) => ({ release, manifest })),
  );
  const repositories = new Set(
    all
      .filter(({ manifest }) => manifest.kind === 'Application')
      .map(
        ({ manifest }) =>
          (manifest.spec as { source?: { repoURL?: string } } | undefined)?.source?.repoURL,
      )
      .filter((url): url is string => typeof url === 'string')
      .map(repositoryWebUrl),
  );
  for (const { release, manifest } of all) {
    if (manifest.kind !== 'PrometheusRule') continue;
    const groups =
      (
        manifest as Manifest & {
          spec?: {
            groups?: Array<{
              rules?: Array<{ alert?: string; annotations?: Record<string, string> }>;
            }>;
          };
        }
      ).spec?.groups ?? [];
    for (const rule of groups.flatMap((group) => group.rules ?? [])) {
      const url = rule.annotations?.runbook_url;
      if (!rule.alert || !url) continue;
      const repository = [...repositories].find((candidate) =>
        url.startsWith(`${candidate}/blob/`),
      );
      if (!repository) continue;
      const match = /^\/blob\/[^/]+\/([^#]+)(?:#(.+))?$/.exec(url.slice(repository.length));
      const report = (message: string) =>
        problems.set(release, [
          ...(problems.get(release) ?? []),
          `alert ${rule.alert}: runbook ${url} ${message}`,
        ]);
      if (!match) {
        report('is not <repository>/blob/<revision>/<path>#<section>');
        continue;
      }
      const [, path, anchor] = match;
      const file = join(repoRoot, path);
      if (!existsSync(file)) {
        report(`names ${path}, which this repository does not have`);
      } else if (anchor && !anchorsOf(readFileSync(file, 'utf8')).has(anchor)) {
        report(`names section #${anchor}, which ${path} has no heading for`);
      }
    }
  }
  return problems;
}
