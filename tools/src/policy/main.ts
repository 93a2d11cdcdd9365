/**
 * The policy gate: checkov (pinned by the toolchain) over every synthesized stack and
 * .github/. A failed check passes the gate only when tools/policy/checkov-skips.json accepts
 * it with a reason; a skip that matches nothing fails the gate too. Writes
 * dist/policy/report/policy.json (one entry per stack, the workflows and the skip list) and
 * dist/policy/summary.json (counts per layer and every accepted finding with its reason).
 *
 *   node dist/tools/policy/main.js
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { findWorkspaceRoot, LAYERS, loadEnvironments } from '@strata/config';
import { synthesizedStacks } from '../synthesized-stacks';
import { loadToolchain } from '../validate/toolchain';
import {
  CheckovCheck,
  classify,
  countByLayer,
  Finding,
  loadSkips,
  locate,
  runCheckov,
  stableResource,
  StackResources,
} from './policy-gate';

const root = findWorkspaceRoot(__dirname);
const SKIPS_FILE = join(root, 'tools', 'policy', 'checkov-skips.json');
const SYNTH_DIR = join(root, 'dist', 'cdktf.out');

interface GateEntry {
  readonly name: string;
  readonly passed: boolean;
  readonly detail?: string;
}

function main(): void {
  const toolchain = loadToolchain();
  if (!toolchain.policy)
    throw new Error('the toolchain has no checkov: run "node tools/toolchain/install.mjs"');
  const skips = loadSkips(SKIPS_FILE);
  const environments = loadEnvironments().map((env) => env.name);
  const started = Date.now();

  const reports = [
    ...runCheckov(toolchain.policy.checkov, SYNTH_DIR, 'terraform_json').reports,
    ...runCheckov(toolchain.policy.checkov, join(root, '.github'), 'github_actions').reports,
  ];
  const stackResources = new Map<string, StackResources>();
  const resourcesOf = (file: string): StackResources => {
    if (!file.endsWith('.tf.json')) return {};
    if (!stackResources.has(file)) {
      const json = JSON.parse(readFileSync(resolve(root, file), 'utf8')) as {
        resource?: StackResources;
      };
      stackResources.set(file, json.resource ?? {});
    }
    return stackResources.get(file) ?? {};
  };
  const place = (check: CheckovCheck): Finding => ({
    check: check.check_id,
    name: check.check_name,
    resource: stableResource(check.resource, resourcesOf(check.file_abs_path)),
    ...locate(check.file_path, environments),
  });
  const passed = reports.flatMap((report) =>
    (report.results.passed_checks ?? []).map((check) => locate(check.file_path, environments)),
  );
  const findings = reports.flatMap((report) => (report.results.failed_checks ?? []).map(place));
  const classified = classify(findings, skips);
  const counts = countByLayer(passed, classified);

  // One gate entry per stack (every synthesized one, clean or not), the workflows, the list.
  const stacks = LAYERS.flatMap((app) => synthesizedStacks(root, app)).map((s) => s.stack);
  const entries: GateEntry[] = [...stacks, 'github'].map((stack) => {
    const failures = classified.failed.filter((f) =>
      stack === 'github' ? f.layer === 'github' : f.stack === stack,
    );
    return {
      name: `checkov ${stack}`,
      passed: failures.length === 0,
      detail: failures.length
        ? failures.map((f) => `${f.check} ${f.resource} (${f.name})`).join('\n')
        : undefined,
    };
  });
  entries.push({
    name: `skip list ${relative(root, SKIPS_FILE)}`,
    passed: classified.unused.length === 0,
    detail: classified.unused.length
      ? classified.unused
          .map((index) => `skips.${index} (${skips[index].check}) matches no finding: remove it`)
          .join('\n')
      : undefined,
  });

  rmSync(join(root, 'dist', 'policy'), { recursive: true, force: true });
  mkdirSync(join(root, 'dist', 'policy', 'report'), { recursive: true });
  writeFileSync(
    join(root, 'dist', 'policy', 'report', 'policy.json'),
    `${JSON.stringify(entries, null, 2)}\n`,
  );
  writeFileSync(
    join(root, 'dist', 'policy', 'summary.json'),
    `${JSON.stringify({ checkov: toolchain.policy.version, counts, skipped: classified.skipped }, null, 2)}\n`,
  );

  for (const [layer, count] of Object.entries(counts))
    console.log(
      `${layer.padEnd(14)} ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`,
    );
  for (const entry of entries.filter((e) => !e.passed))
    console.log(`FAIL ${entry.name}\n${entry.detail?.replace(/^/gm, '     ')}`);
  const failedEntries = entries.filter((e) => !e.passed).length;
  console.log(
    `checkov ${toolchain.policy.version}: ${entries.length - failedEntries} of ${entries.length} gate entries passed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exitCode = failedEntries === 0 ? 0 : 1;
}

try {
  main();
} catch (error) {
  console.error(`[policy] ${(error as Error).message}`);
  process.exitCode = 1;
}
