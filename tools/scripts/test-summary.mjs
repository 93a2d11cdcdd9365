// Adds up every project's jest report, every stack's engine validation, every chart
// rendering check, every policy gate entry and every emulator flow check into one closing line, "N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** The first non-empty line of a jest message, without colours, at most 200 characters. */
const firstLine = (message) =>
  (
    stripVTControlCharacters(String(message ?? ''))
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? ''
  ).slice(0, 200);

const reports = (dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.json'))
        .map((name) => [
          name.replace(/\.json$/, ''),
          JSON.parse(readFileSync(join(dir, name), 'utf8')),
        ])
    : [];

let passed = 0;
let failed = 0;
for (const [project, report] of reports('dist/test-results')) {
  const projectFailed = report.numFailedTests + report.numRuntimeErrorTestSuites;
  passed += report.numPassedTests;
  failed += projectFailed;
  console.log(
    `  tests    ${project.padEnd(14)} ${report.numPassedTests} passed, ${projectFailed} failed`,
  );
  // Name what failed and its first line, so that a red run's last lines say where to look.
  for (const suite of report.testResults ?? []) {
    const file = relative(process.cwd(), suite.name);
    const failures = (suite.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (suite.status === 'failed' && failures.length === 0) {
      console.log(`           ✕ ${file}: ${firstLine(suite.message)}`);
    }
    for (const test of failures) {
      console.log(
        `           ✕ ${file}: ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`,
      );
    }
  }
}
// Stack validations, chart renderings, emulator flows and consumer steps each report a list of { passed }
// (the chart check's list is its report's `releases`).
for (const [label, dir] of [
  ['validate', 'dist/validate'],
  ['charts', 'dist/charts'],
  ['policy', 'dist/policy/report'],
  ['emulator', 'dist/emulator/report'],
  ['consumer', 'dist/consumer/report'],
  ['cdktn', 'dist/cdktn/report'],
  ['docs', 'dist/docs/report'],
  ['readme', 'dist/readme-commands'],
]) {
  for (const [app, report] of reports(dir)) {
    const results = Array.isArray(report) ? report : report.releases;
    const valid = results.filter((result) => result.passed).length;
    passed += valid;
    failed += results.length - valid;
    console.log(
      `  ${label.padEnd(8)} ${app.padEnd(14)} ${valid} passed, ${results.length - valid} failed`,
    );
  }
}
// A step that failed before writing any report (formatting, lint, the toolchain) counts too.
for (const step of (process.env.STRATA_FAILED_STEPS ?? '').split(' ').filter(Boolean)) {
  failed += 1;
  console.log(`  step     ${step.padEnd(14)} failed`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
