/**
 * The documentation site, built and checked: TypeDoc renders the three packages' API reference
 * with the README as its front page and every docs/ page beside it (typedoc.json), then this
 * checks that it warned of nothing (TypeDoc's validation is an error: a public member without a
 * doc comment, a broken link, a type that is not exported), counts each package's documented
 * members, and that the site holds every page and package. Source links
 * point at the repository the workflow runs in (GITHUB_REPOSITORY); elsewhere there are none
 * rather than links to a guessed address. Writes dist/docs/report/site.json.
 *
 *   node dist/tools/docs/main.js
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { packageBin } from '../bench/package-bin';
import { StepLog } from '../step-log';
import { JsonProject, membersByPackage, readTypedocLog } from './coverage';
import { docsPages } from './pages';

const root = findWorkspaceRoot(__dirname);
const site = join(root, 'dist', 'docs', 'site');
const model = join(root, 'dist', 'docs', 'api.json');
const REPORT = join(root, 'dist', 'docs', 'report', 'site.json');
const steps = new StepLog();
const typedocConfig = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as {
  readonly entryPoints: readonly string[];
  /** The packages whose every public member must be documented. */
  readonly packagesRequiringDocumentation: readonly string[];
};

/** Where the source links go: the repository a GitHub workflow runs in, else nowhere. */
function sourceLinkArgs(): string[] {
  const repository = process.env.GITHUB_REPOSITORY;
  if (!repository) return ['--disableSources'];
  return [
    '--sourceLinkTemplate',
    `https://github.com/${repository}/blob/{gitRevision}/{path}#L{line}`,
  ];
}

/**
 * The title a page gives the site (its front matter's `title`), which must be the one it shows
 * on GitHub (its first `# ` heading).
 */
function titleOf(page: string): string {
  const text = readFileSync(join(root, page), 'utf8');
  const front = /^---\ntitle: (['"])(.+)\1\n---\n/.exec(text)?.[2]?.trim();
  const heading = /^# (.+)$/m.exec(text)?.[1]?.trim();
  if (!front || front !== heading) {
    throw new Error(`${page}: its front matter title ("${front}") must equal its "# " heading`);
  }
  return front;
}

/** Every HTML file of the site, as text. */
function siteFiles(dir = site): { file: string; html: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return siteFiles(path);
    return entry.name.endsWith('.html') ? [{ file: path, html: readFileSync(path, 'utf8') }] : [];
  });
}

/** The module names the entry points declare (`@module` in their first comment). */
function declaredModules(): string[] {
  return typedocConfig.entryPoints.map((entry) => {
    const name = /@module (\S+)/.exec(readFileSync(join(root, entry), 'utf8'));
    if (!name) throw new Error(`${entry} declares no @module name`);
    return name[1];
  });
}

function main(): void {
  rmSync(join(root, 'dist', 'docs'), { recursive: true, force: true });
  const started = Date.now();
  // TypeDoc's log goes to a file: written synchronously, so nothing is lost when it exits
  // (through a pipe, its last thousands of lines can be).
  const logFile = join(root, 'dist', 'docs', 'typedoc.log');
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'w');
  const run = spawnSync(
    process.execPath,
    [packageBin(root, 'typedoc', 'typedoc'), '--json', model, ...sourceLinkArgs()],
    { cwd: root, stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  const log = readFileSync(logFile, 'utf8');
  const { undocumentedWarnings, otherWarnings } = readTypedocLog(log);
  const undocumentedCount = undocumentedWarnings.length;
  steps.record({
    name: 'typedoc renders the site with no warning (an undocumented member is one)',
    passed: run.status === 0 && existsSync(join(site, 'index.html')) && existsSync(model),
    seconds: (Date.now() - started) / 1000,
    detail:
      run.status === 0
        ? undefined
        : [
            ...otherWarnings,
            ...(undocumentedCount > 0
              ? [`${undocumentedCount} public member(s) without a doc comment:`]
              : []),
            ...undocumentedWarnings.slice(0, 40),
          ]
            .join('\n')
            .slice(0, 8000),
  });

  // The figures: every public member of each package, all documented (else typedoc failed).
  const members = membersByPackage(JSON.parse(readFileSync(model, 'utf8')) as JsonProject);
  for (const pkg of typedocConfig.packagesRequiringDocumentation) {
    const total = members.get(pkg) ?? 0;
    steps.verdict(
      `${pkg}: ${total} of ${total} public members documented`,
      total === 0 ? [`${pkg}: no members found in the JSON model`] : [],
    );
  }

  const files = siteFiles();
  const titled = (title: string) =>
    files.some(({ html }) => html.includes(`<title>${title.replace(/&/g, '&amp;')} |`));
  steps.verdict(
    'the site serves every docs/ page',
    docsPages(root)
      .filter((page) => !titled(titleOf(page)))
      .map((page) => `${page} ("${titleOf(page)}") has no page in the site`),
  );
  steps.verdict(
    'the site has one page per package entry point, named as imported',
    declaredModules()
      .filter((name) => !titled(name))
      .map((name) => `no page titled ${name}`),
  );
  const index = readFileSync(join(site, 'index.html'), 'utf8');
  const readmeSections = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/^## (.+)$/gm)];
  steps.verdict(
    "the site's front page is the README",
    readmeSections
      .filter(([, heading]) => !index.includes(`>${heading}<`))
      .map(([, heading]) => `index.html has no "${heading}" heading from README.md`),
  );
  const placeholder = files
    .filter(({ html }) => /github\.com\/example-org/.test(html))
    .map(({ file }) => `${relative(root, file)} links to the placeholder organisation`);
  steps.verdict('no page links to a placeholder repository', placeholder);
}

try {
  main();
  steps.finish(REPORT, 'docs');
} catch (error) {
  steps.finish(REPORT, 'docs', error instanceof Error ? error : new Error(String(error)));
}
