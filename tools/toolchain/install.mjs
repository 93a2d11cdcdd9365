#!/usr/bin/env node
// Builds the real Terraform engine and providers from the Go module proxy into a cache
// outside the repository (keyed by version), lays the providers out as a filesystem
// mirror for both registry.terraform.io and registry.opentofu.org, and writes the CLI
// config that points at it. Idempotent: a second run only checks and prints versions.
//
//   node tools/toolchain/install.mjs
//
// Settings (environment):
//   STRATA_TF_ENGINE     terraform | tofu | /path/to/binary   (default: terraform >= 1.10 from PATH, else tofu)
//   STRATA_TOOLCHAIN_DIR cache directory                      (default: ~/.cache/strata/toolchain)
//   STRATA_PROVIDER_MIRROR=off  use the public registries instead of building providers (machines with internet)
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const versions = JSON.parse(readFileSync(join(here, 'versions.json'), 'utf8'));
const cacheDir =
  process.env.STRATA_TOOLCHAIN_DIR ?? join(homedir(), '.cache', 'strata', 'toolchain');
const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
const useMirror = process.env.STRATA_PROVIDER_MIRROR !== 'off';
const REGISTRIES = ['registry.terraform.io', 'registry.opentofu.org'];

const log = (message) => console.log(`[toolchain] ${message}`);

function run(command, args, options = {}) {
  return execFileSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  });
}

function goModuleDir(module, version) {
  const info = JSON.parse(
    run('go', ['mod', 'download', '-json', `${module}@${version}`], { cwd: cacheDir }),
  );
  if (info.Error) throw new Error(`go mod download ${module}@${version}: ${info.Error}`);
  return info.Dir;
}

/** Builds a Go main package from a downloaded module into `target`, unless it is already there. */
function goBuild(module, version, pkg, target) {
  if (existsSync(target)) return false;
  const dir = goModuleDir(module, version);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const started = Date.now();
  log(`building ${module}@${version} (${pkg}) ...`);
  // -mod=readonly: build exactly the module's own go.sum; GOFLAGS from the caller could change that.
  run('go', ['build', '-trimpath', '-mod=readonly', '-o', partial, pkg], {
    cwd: dir,
    env: { ...process.env, GOFLAGS: '-buildvcs=false' },
  });
  renameSync(partial, target);
  log(`built ${target} in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

function versionOf(binary) {
  const text = run(binary, ['version', '-json'], {
    env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' },
  });
  return JSON.parse(text).terraform_version;
}

function atLeast(version, minimum) {
  const [a, b] = [version, minimum].map((v) => v.split(/[.-]/).slice(0, 3).map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

function which(name) {
  try {
    return run('sh', ['-c', `command -v ${name}`]).trim() || undefined;
  } catch {
    return undefined;
  }
}

function resolveEngine() {
  const choice = process.env.STRATA_TF_ENGINE;
  const minimum = versions.engine.minimumTerraform;
  if (choice && choice !== 'terraform' && choice !== 'tofu') {
    return { kind: choice.endsWith('tofu') ? 'tofu' : 'terraform', path: choice };
  }
  const terraform = choice === 'tofu' ? undefined : which('terraform');
  if (terraform && atLeast(versionOf(terraform), minimum))
    return { kind: 'terraform', path: terraform };
  if (choice === 'terraform')
    throw new Error(`STRATA_TF_ENGINE=terraform but no terraform >= ${minimum} is on PATH`);
  const { module, version } = versions.engine.opentofu;
  const path = join(cacheDir, 'opentofu', version, 'tofu');
  goBuild(module, version, './cmd/tofu', path);
  return { kind: 'tofu', path };
}

function installProviders() {
  const mirror = join(cacheDir, 'mirror');
  for (const provider of versions.providers) {
    const binary = join(
      cacheDir,
      'providers',
      provider.name,
      provider.moduleVersion,
      `terraform-provider-${provider.name}`,
    );
    goBuild(provider.module, provider.moduleVersion, '.', binary);
    for (const registry of REGISTRIES) {
      const dir = join(
        mirror,
        registry,
        'hashicorp',
        provider.name,
        provider.mirrorVersion,
        platform,
      );
      const target = join(dir, `terraform-provider-${provider.name}_v${provider.mirrorVersion}`);
      if (!existsSync(target)) {
        mkdirSync(dir, { recursive: true });
        copyFileSync(binary, target);
      }
    }
  }
  return mirror;
}

function writeCliConfig(mirror) {
  const pluginCache = join(cacheDir, 'plugin-cache');
  mkdirSync(pluginCache, { recursive: true });
  const hosts = REGISTRIES.map((registry) => `"${registry}/hashicorp/*"`).join(', ');
  const installation = mirror
    ? `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = [${hosts}]\n  }\n  direct {\n    exclude = [${hosts}]\n  }\n}\n`
    : '';
  const file = join(cacheDir, 'cli.tfrc');
  writeFileSync(
    file,
    `# Generated by tools/toolchain/install.mjs\nplugin_cache_dir = "${pluginCache}"\n${installation}`,
  );
  return file;
}

function main() {
  mkdirSync(cacheDir, { recursive: true });
  // A scratch go.mod keeps `go mod download` out of any module the cache dir might sit in.
  if (!existsSync(join(cacheDir, 'go.mod')))
    writeFileSync(join(cacheDir, 'go.mod'), 'module strata.local/toolchain\n\ngo 1.24\n');
  const engine = resolveEngine();
  const mirror = useMirror ? installProviders() : undefined;
  const cliConfig = writeCliConfig(mirror);
  const providers = versions.providers.map((provider) => ({
    name: provider.name,
    bindingVersion: provider.bindingVersion,
    version: useMirror ? provider.mirrorVersion : provider.bindingVersion,
  }));
  const toolchain = {
    engine: { ...engine, version: versionOf(engine.path) },
    cliConfig,
    mirror,
    providers,
  };
  const manifest = join(cacheDir, 'toolchain.json');
  writeFileSync(manifest, `${JSON.stringify(toolchain, null, 2)}\n`);
  log(`engine: ${engine.kind} ${toolchain.engine.version} (${engine.path})`);
  for (const provider of providers) {
    const note =
      provider.version === provider.bindingVersion
        ? ''
        : ` (binding pins ${provider.bindingVersion})`;
    log(`provider: hashicorp/${provider.name} ${provider.version}${note}`);
  }
  log(`CLI config: ${cliConfig}`);
  log(`manifest: ${manifest}`);
}

try {
  main();
} catch (error) {
  console.error(`[toolchain] ${error.message}`);
  process.exit(1);
}
