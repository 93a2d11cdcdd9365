/**
 * The documentation site, built and checked: TypeDoc renders the three packages' API reference
 * with the README as its front page and every docs/ page beside it (typedoc.json), then this
 * checks that nothing warned but for undocumented members, that each package has no more
 * undocumented members than tools/src/docs/undocumented.json allows (and no fewer, so a member
 * documented stays documented), and that the site holds every page and package. Source links
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
import allowed from './undocumented.json';

const root = findWorkspaceRoot(__dirname);
const site = join(root, 'dist', 'docs', 'site');
const model = join(root, 'dist', 'docs', 'api.json');
const REPORT = join(root, 'dist', 'docs', 'report', 'site.json');
const steps = new StepLog();

/** Where the source links go: the repository a GitHub workflow runs in, else nowhere. */
function sourceLinkArgs(): string[] {
  const repository = process.env.GITHUB_REPOSITORY;
  if (!repository) return ['--disableSources'];
  return [
    '--sourceLinkTemplate',
    `https://github.com/${repository}/blob/{gitRevision}/{path}#L{line}`,
  ];
}

/** Every Markdown page under docs/, relative to the root. */
function docsPages(): string[] {
  return readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => join('docs', file));
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
  const config = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as {
    entryPoints: string[];
  };
  return config.entryPoints.map((entry) => {
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
  steps.record({
    name: 'typedoc renders the site and its JSON model',
    passed: run.status === 0 && existsSync(join(site, 'index.html')) && existsSync(model),
    seconds: (Date.now() - started) / 1000,
    // Its errors, not the thousands of warnings before them.
    detail:
      run.status === 0
        ? undefined
        : log
            .split('\n')
            .filter((line) => !line.includes('does not have any documentation'))
            .join('\n')
            .slice(-4000),
  });

  const { undocumented, otherWarnings } = readTypedocLog(log);
  steps.verdict('typedoc warns of nothing but undocumented members', otherWarnings, undefined);

  const members = membersByPackage(JSON.parse(readFileSync(model, 'utf8')) as JsonProject);
  const allowance: Readonly<Record<string, number>> = allowed;
  for (const [pkg, limit] of Object.entries(allowance)) {
    const count = undocumented.get(pkg) ?? 0;
    const total = members.get(pkg) ?? 0;
    const failures =
      count > limit
        ? [`${count - limit} member(s) of ${pkg} added without a doc comment (allowed ${limit})`]
        : count < limit
          ? [
              `${pkg} has ${count} undocumented members: lower its allowance in tools/src/docs/undocumented.json from ${limit} to ${count}`,
            ]
          : [];
    if (total === 0) failures.push(`${pkg}: no members found in the JSON model`);
    steps.verdict(
      `${pkg}: ${total - count} of ${total} members documented`,
      failures,
      `${count} undocumented (allowed ${limit})`,
      false,
    );
  }
  const unknown = [...undocumented.keys()].filter((pkg) => !(pkg in allowance));
  steps.verdict('every package with members is in the allowance file', unknown, undefined, false);

  const files = siteFiles();
  const titled = (title: string) =>
    files.some(({ html }) => html.includes(`<title>${title.replace(/&/g, '&amp;')} |`));
  steps.verdict(
    'the site serves every docs/ page',
    docsPages()
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
