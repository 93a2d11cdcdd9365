/**
 * Validates every synthesized stack of the given layer apps (default: all) with the real
 * engine and providers: `init -backend=false` and `validate -json`, each app's stacks in one
 * engine run (validate-batch.ts), two apps at a time. Prints a per-stack report with the
 * engine's own diagnostics, writes it to dist/validate/<app>.json, and exits non-zero on any
 * error or unlisted warning.
 *
 *   node dist/tools/validate/main.js [app ...]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { layerApps } from '../layer-apps';
import { synthesizedStacks } from '../synthesized-stacks';
import { loadToolchain, Toolchain } from './toolchain';
import { validateStacks } from './validate-batch';
import { AllowedWarning, StackResult } from './validate-stack';

const root = findWorkspaceRoot(__dirname);
const CONCURRENCY = 2;

function printResult(app: string, result: StackResult): void {
  const status = result.passed ? 'PASS' : 'FAIL';
  const note =
    result.allowedWarnings.length > 0
      ? `, ${result.allowedWarnings.length} allowed warning(s)`
      : '';
  console.log(`${status} ${app}/${result.stack} (${result.seconds} s${note})`);
  for (const failure of result.failures) {
    const where = failure.address ? ` [${failure.address}]` : '';
    console.log(`     ${failure.severity}: ${failure.summary}${where}`);
    if (failure.detail) console.log(failure.detail.replace(/^/gm, '       '));
  }
}

/** Validates every app's stacks, one batch per app (see validate-batch.ts), two apps at a time. */
async function validateAll(
  apps: string[],
  toolchain: Toolchain,
  allowed: AllowedWarning[],
): Promise<Map<string, StackResult[]>> {
  const queue = [...apps];
  const results = new Map<string, StackResult[]>(apps.map((app) => [app, []]));
  const worker = async () => {
    for (let app = queue.shift(); app; app = queue.shift()) {
      const workDir = join(root, 'dist', 'validate', 'work', app);
      const appResults = await validateStacks(
        synthesizedStacks(root, app),
        workDir,
        toolchain,
        allowed,
      );
      results.set(app, appResults);
      for (const result of appResults) printResult(app, result);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  mkdirSync(join(root, 'dist', 'validate'), { recursive: true });
  for (const [app, appResults] of results) {
    appResults.sort((a, b) => a.stack.localeCompare(b.stack));
    writeFileSync(
      join(root, 'dist', 'validate', `${app}.json`),
      `${JSON.stringify(appResults, null, 2)}\n`,
    );
  }
  return results;
}

async function main(): Promise<void> {
  const toolchain = loadToolchain();
  const allowed = (
    JSON.parse(readFileSync(join(root, 'tools', 'toolchain', 'allowed-warnings.json'), 'utf8')) as {
      allowed: AllowedWarning[];
    }
  ).allowed;
  const apps = process.argv.slice(2).length > 0 ? process.argv.slice(2) : layerApps(root);
  const providers = toolchain.providers
    .map((provider) =>
      provider.version === provider.bindingVersion
        ? `${provider.name} ${provider.version}`
        : `${provider.name} ${provider.version} (binding pins ${provider.bindingVersion})`,
    )
    .join(', ');
  console.log(
    `Validating with ${toolchain.engine.kind} ${toolchain.engine.version}; providers: ${providers}`,
  );
  const results = [...(await validateAll(apps, toolchain, allowed)).values()].flat();
  const failed = results.filter((result) => !result.passed);
  console.log(`${results.length - failed.length} of ${results.length} stacks valid`);
  if (failed.length > 0) process.exit(1);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
