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
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
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

/**
 * Builds the Go main package `pkg` of the module in `dir` into `target`, unless it is already
 * there (written as `.partial` first, so an interrupted build is never taken for a built one).
 */
function buildGoPackage(dir, pkg, target, label, ldflags) {
  if (existsSync(target)) return false;
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const started = Date.now();
  log(`building ${label} ...`);
  // -mod=readonly: build exactly the module's own go.sum; GOFLAGS from the caller could change that.
  const flags = ldflags ? [`-ldflags=${ldflags}`] : [];
  run('go', ['build', '-trimpath', '-mod=readonly', ...flags, '-o', partial, pkg], {
    cwd: dir,
    env: { ...process.env, GOFLAGS: '-buildvcs=false' },
  });
  renameSync(partial, target);
  log(`built ${target} in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

/** Builds a Go main package from a downloaded module into `target`, unless it is already there. */
function goBuild(module, version, pkg, target) {
  if (existsSync(target)) return false;
  return buildGoPackage(goModuleDir(module, version), pkg, target, `${module}@${version} (${pkg})`);
}

/** The cache key of one of the project's own Go modules: a hash of the files it builds from. */
function contentKey(dir, files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(join(dir, file)));
  return hash.digest('hex').slice(0, 16);
}

/** The version a go.mod requires of `module`, if it does. */
function requiredVersion(goMod, module) {
  return new RegExp(`^\\s*${module.replace(/[./]/g, '\\$&')} (\\S+)`, 'm').exec(goMod)?.[1];
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

/** `go install` of a command into <cache>/tools/<name>/<version>/, unless already there. */
function goInstall(name, { module, version, binary = name }) {
  const dir = join(cacheDir, 'tools', name, version);
  const target = join(dir, binary);
  if (existsSync(target)) return target;
  const started = Date.now();
  log(`installing ${module}@${version} ...`);
  mkdirSync(dir, { recursive: true });
  run('go', ['install', '-trimpath', `${module}@${version}`], {
    env: { ...process.env, GOBIN: dir, GOFLAGS: '-buildvcs=false' },
  });
  log(`installed ${target} in ${Math.round((Date.now() - started) / 1000)} s`);
  return target;
}

/** A Python venv of the toolchain (PyPI tools), created on first use. */
function pythonVenv(name = 'venv') {
  const venv = join(cacheDir, name);
  if (!existsSync(join(venv, 'bin', 'python'))) run('python3', ['-m', 'venv', venv]);
  return venv;
}

function pipInstall(venv, requirement) {
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', requirement]);
}

/** moto's server (the local environment's AWS emulator) in the venv, once per version. */
function installEmulator({ package: pkg, version }) {
  const venv = pythonVenv();
  const marker = join(venv, `.strata-emulator-${version}`);
  if (!existsSync(marker)) {
    log(`installing ${pkg}==${version} (PyPI), the AWS emulator ...`);
    pipInstall(venv, `${pkg}==${version}`);
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  }
  return { python: join(venv, 'bin', 'python'), version };
}

/**
 * A PyPI command in a venv of its own, once per version (it pins its own dependencies, which
 * must not move moto's): the path of its `bin/<command>`.
 */
function pipTool({ package: pkg, version }, purpose, command = pkg) {
  const venv = pythonVenv(`venv-${pkg}-${version}`);
  const marker = join(venv, '.strata-complete');
  if (!existsSync(marker)) {
    log(`installing ${pkg}==${version} (PyPI), ${purpose} ...`);
    pipInstall(venv, `${pkg}==${version}`);
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  }
  return join(venv, 'bin', command);
}

/**
 * Downloads `packages` from the Debian archive and unpacks them into
 * <cache>/tools/<name>/download/root (no system install); returns that root and the directory
 * of the libraries they bring.
 */
function unpackDebian(name, packages, purpose) {
  const staging = join(cacheDir, 'tools', name, 'download');
  log(`downloading ${packages.join(', ')} (Debian) for ${purpose} ...`);
  mkdirSync(staging, { recursive: true });
  // The download runs as the caller, with no _apt sandbox to hand the files to.
  const download = () =>
    run('apt-get', ['-o', 'APT::Sandbox::User=root', 'download', ...packages], { cwd: staging });
  try {
    download();
  } catch {
    // A machine whose package lists were never fetched: fetch them once.
    run('apt-get', ['-o', 'APT::Sandbox::User=root', 'update', '-qq']);
    download();
  }
  const root = join(staging, 'root');
  for (const deb of readdirSync(staging).filter((file) => file.endsWith('.deb')))
    run('dpkg', ['-x', join(staging, deb), root]);
  return { root, libraryPath: join(root, 'usr', 'lib', 'x86_64-linux-gnu') };
}

/**
 * Redis from the Debian archive, unpacked into <cache>/tools/redis/ (no system install): its
 * server and CLI, and the directory of the libraries they link.
 */
function installRedis({ packages, minimumVersion }) {
  const installed = join(cacheDir, 'tools', 'redis', 'current.json');
  if (existsSync(installed)) return JSON.parse(readFileSync(installed, 'utf8'));
  const { root, libraryPath } = unpackDebian('redis', packages, 'the cache-login check');
  const server = join(root, 'usr', 'bin', 'redis-server');
  const banner = run(server, ['--version'], {
    env: { ...process.env, LD_LIBRARY_PATH: libraryPath },
  });
  const version = /v=(\d+\.\d+\.\d+)/.exec(banner)?.[1];
  if (!version || !atLeast(version, minimumVersion))
    throw new Error(`redis-server ${version ?? banner.trim()} is below ${minimumVersion}`);
  const redis = { server, cli: join(root, 'usr', 'bin', 'redis-cli'), libraryPath, version };
  writeFileSync(installed, `${JSON.stringify(redis, null, 2)}\n`);
  return redis;
}

/**
 * LuaJIT from the Debian archive (the Lua Fluent Bit embeds), for the log redaction check:
 * the collector's redaction script runs in it as Fluent Bit would run it.
 */
function installLuaJit({ packages }) {
  const installed = join(cacheDir, 'tools', 'luajit', 'current.json');
  if (existsSync(installed)) return JSON.parse(readFileSync(installed, 'utf8'));
  const { root, libraryPath } = unpackDebian('luajit', packages, 'the log redaction check');
  const path = join(root, 'usr', 'bin', 'luajit');
  const banner = run(path, ['-v'], { env: { ...process.env, LD_LIBRARY_PATH: libraryPath } });
  const version = /LuaJIT (\S+)/.exec(banner)?.[1];
  if (!version) throw new Error(`luajit printed no version: ${banner.trim()}`);
  const luajit = { path, libraryPath, version };
  writeFileSync(installed, `${JSON.stringify(luajit, null, 2)}\n`);
  return luajit;
}

/**
 * event-ruler (AWS's EventBridge pattern engine) from Maven Central with its runtime
 * dependencies, and the project's runner compiled against it: the event-pattern checks
 * evaluate each rule as EventBridge would.
 */
function installEventRuler({ version }) {
  const dir = join(cacheDir, 'tools', 'event-ruler', version);
  const installed = join(dir, 'current.json');
  if (existsSync(installed)) return JSON.parse(readFileSync(installed, 'utf8'));
  const source = join(here, 'event-ruler');
  log(`downloading event-ruler ${version} (Maven Central) for the event-pattern checks ...`);
  run('mvn', [
    '-q',
    '-f',
    join(source, 'pom.xml'),
    `-DeventRuler.version=${version}`,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${join(dir, 'lib')}`,
    '-DincludeScope=runtime',
  ]);
  run('javac', [
    '-cp',
    `${join(dir, 'lib')}/*`,
    '-d',
    join(dir, 'classes'),
    join(source, 'PatternMatch.java'),
  ]);
  const eventRuler = {
    classpath: `${join(dir, 'classes')}:${join(dir, 'lib')}/*`,
    mainClass: 'PatternMatch',
    version,
  };
  writeFileSync(installed, `${JSON.stringify(eventRuler, null, 2)}\n`);
  return eventRuler;
}

/**
 * Renovate from npm into a prefix of its own (not the project's node_modules: it is large and
 * only its config validator is used), install scripts off.
 */
function installRenovate({ npmPackage, version }) {
  const dir = join(cacheDir, 'tools', 'renovate', version);
  const installed = join(dir, 'current.json');
  if (existsSync(installed)) return JSON.parse(readFileSync(installed, 'utf8'));
  log(`installing ${npmPackage}@${version} (npm) for the Renovate config check ...`);
  run('npm', [
    'install',
    '--prefix',
    dir,
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `${npmPackage}@${version}`,
  ]);
  const renovate = {
    validator: join(dir, 'node_modules', '.bin', 'renovate-config-validator'),
    version,
  };
  writeFileSync(installed, `${JSON.stringify(renovate, null, 2)}\n`);
  return renovate;
}

/**
 * Kubernetes JSON schemas for kubeconform, offline: from the kubernetes-validate PyPI
 * package (in a venv), rewritten so every file carries the definitions it references
 * (the package's files point at a shared `/api/_definitions.json` kubeconform cannot follow).
 */
function installKubernetesSchemas({ package: pkg, version }, schemaVersions) {
  // Keyed by the schema set too: a Kubernetes version added to versions.json must not find an
  // earlier install's directory complete without it.
  const root = join(cacheDir, 'kubernetes-schemas', `${version}-${schemaVersions.join('_')}`);
  const done = join(root, '.complete');
  if (existsSync(done)) return root;
  const venv = pythonVenv();
  log(`installing ${pkg}==${version} (PyPI) for offline Kubernetes schemas ...`);
  pipInstall(venv, `${pkg}==${version}`);
  const site = run(join(venv, 'bin', 'python'), [
    '-c',
    'import kubernetes_validate, os; print(os.path.dirname(kubernetes_validate.__file__))',
  ]).trim();
  for (const k8s of schemaVersions) {
    const source = join(site, 'kubernetes-json-schema', `v${k8s}-local-strict`);
    if (!existsSync(source))
      throw new Error(`${pkg} ${version} has no schemas for Kubernetes ${k8s}`);
    inlineSchemas(source, join(root, `v${k8s}-local-strict`));
  }
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return root;
}

function inlineSchemas(source, target) {
  mkdirSync(target, { recursive: true });
  const shared = '/api/_definitions.json#/$defs/';
  const definitions = JSON.parse(readFileSync(join(source, '_definitions.json'), 'utf8')).$defs;
  for (const file of readdirSync(source)) {
    if (!file.endsWith('.json') || file.startsWith('_') || file === 'all.json') continue;
    const schema = JSON.parse(readFileSync(join(source, file), 'utf8'));
    const needed = {};
    const visit = (node) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key !== '$ref' || typeof value !== 'string') {
          visit(value);
          continue;
        }
        const name = value.startsWith(shared)
          ? value.slice(shared.length)
          : value.startsWith('#/$defs/')
            ? value.slice('#/$defs/'.length)
            : undefined;
        if (name === undefined) continue;
        node[key] = `#/definitions/${name}`;
        if (!(name in needed)) {
          needed[name] = {}; // placeholder first: definitions may be recursive
          const definition = JSON.parse(JSON.stringify(definitions[name]));
          visit(definition);
          needed[name] = definition;
        }
      }
    };
    visit(schema);
    writeFileSync(join(target, file), JSON.stringify({ ...schema, definitions: needed }));
  }
}

function installKubeTools() {
  const tools = versions.kubeTools;
  return {
    helm: goInstall('helm', tools.helm),
    kubeconform: goInstall('kubeconform', tools.kubeconform),
    kubeScore: goInstall('kube-score', tools.kubeScore),
    schemaDir: installKubernetesSchemas(tools.kubernetesValidate, tools.schemaVersions),
    versions: {
      helm: tools.helm.version,
      kubeconform: tools.kubeconform.version,
      kubeScore: tools.kubeScore.version,
      kubernetesValidate: tools.kubernetesValidate.version,
    },
  };
}

/**
 * strata-admission (tools/admission): Istio's sidecar injector, the Kubernetes Pod Security
 * evaluator and the API server's ValidatingAdmissionPolicy code in one small program, built from the project's own go.mod/go.sum, once per
 * content (the cache key is a hash of the sources).
 */
function installAdmission() {
  const source = join(here, '..', 'admission');
  const files = readdirSync(source)
    .filter((file) => /\.(go|mod|sum)$/.test(file))
    .sort();
  const target = join(
    cacheDir,
    'tools',
    'strata-admission',
    contentKey(source, files),
    'strata-admission',
  );
  const goMod = readFileSync(join(source, 'go.mod'), 'utf8');
  const version = ['istio.io/istio', 'k8s.io/pod-security-admission', 'k8s.io/apiserver']
    .map((module) => `${module} ${requiredVersion(goMod, module)}`)
    .join(', ');
  buildGoPackage(source, '.', target, `strata-admission (${version})`);
  return { path: target, version };
}

/**
 * The local control plane the emulator flow applies the cluster side to (issue 29):
 * kube-apiserver, kube-controller-manager and kube-scheduler of k8s.io/kubernetes, and the
 * etcd server that release pins, built from the project's own tools/control-plane/go.mod
 * (keyed by a hash of go.mod and go.sum); KWOK with `go install`. The version stamped into the
 * binaries is the module's, so the API server reports it (Helm's kubeVersion checks read it).
 */
function installControlPlane() {
  const source = join(here, '..', 'control-plane');
  const goMod = readFileSync(join(source, 'go.mod'), 'utf8');
  const version = requiredVersion(goMod, 'k8s.io/kubernetes');
  const etcdVersion = requiredVersion(goMod, 'go.etcd.io/etcd/server/v3');
  const minor = /^v\d+\.(\d+)\.\d+$/.exec(version ?? '')?.[1];
  if (!minor || !etcdVersion)
    throw new Error(
      'tools/control-plane/go.mod must require k8s.io/kubernetes (vX.Y.Z) and pin go.etcd.io/etcd/server/v3',
    );
  const ldflags = [
    '-s -w',
    ...['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) => [
      `-X ${pkg}.gitVersion=${version}`,
      `-X ${pkg}.gitMajor=1`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitTreeState=clean`,
    ]),
  ].join(' ');
  const dir = join(cacheDir, 'tools', 'control-plane', contentKey(source, ['go.mod', 'go.sum']));
  const binaries = {
    etcd: ['go.etcd.io/etcd/server/v3', 'etcd', etcdVersion],
    kubeApiserver: ['k8s.io/kubernetes/cmd/kube-apiserver', 'kube-apiserver', version],
    kubeControllerManager: [
      'k8s.io/kubernetes/cmd/kube-controller-manager',
      'kube-controller-manager',
      version,
    ],
    kubeScheduler: ['k8s.io/kubernetes/cmd/kube-scheduler', 'kube-scheduler', version],
  };
  const paths = {};
  for (const [name, [pkg, file, release]] of Object.entries(binaries)) {
    paths[name] = join(dir, file);
    buildGoPackage(source, pkg, paths[name], `${pkg} (${release})`, ldflags);
  }
  const kwok = goInstall('kwok', versions.controlPlane.kwok);
  // KWOK plays nothing without stages; these are the ones its own kwokctl loads by default
  // (nodes initialise and renew their lease; pods become ready, Job pods complete, deleted
  // pods go), read from the KWOK module at the same version.
  const kwokStages = join(dirname(kwok), 'stages.yaml');
  if (!existsSync(kwokStages)) {
    const stageDir = join(
      goModuleDir(
        versions.controlPlane.kwok.module.replace(/\/cmd\/kwok$/, ''),
        versions.controlPlane.kwok.version,
      ),
      'kustomize',
      'stage',
    );
    const stages = versions.controlPlane.kwok.stages.map((file) =>
      readFileSync(join(stageDir, file), 'utf8').trim(),
    );
    writeFileSync(kwokStages, `${stages.join('\n---\n')}\n`);
  }
  return {
    ...paths,
    kwok,
    kwokStages,
    versions: { kubernetes: version, etcd: etcdVersion, kwok: versions.controlPlane.kwok.version },
  };
}

/**
 * A real Vault server and CLI for the raft snapshot check (tools/src/vault): the
 * github.com/hashicorp/vault release tools/vault/go.mod requires (its api and sdk modules at the
 * versions that release names), built once per go.mod/go.sum. The module's own directory cannot
 * be built (its go.mod replaces api and sdk with subdirectories its zip leaves out), so a small
 * module of ours requires it as a tool.
 */
function installVault() {
  const source = join(here, '..', 'vault');
  const version = requiredVersion(
    readFileSync(join(source, 'go.mod'), 'utf8'),
    'github.com/hashicorp/vault',
  );
  if (!version) throw new Error('tools/vault/go.mod must require github.com/hashicorp/vault');
  const path = join(cacheDir, 'tools', 'vault', contentKey(source, ['go.mod', 'go.sum']), 'vault');
  buildGoPackage(source, 'github.com/hashicorp/vault', path, `vault ${version}`, '-s -w');
  return { path, version };
}

function writeCliConfig(mirror) {
  const pluginCache = join(cacheDir, 'plugin-cache');
  mkdirSync(pluginCache, { recursive: true });
  const hosts = REGISTRIES.map((registry) => `"${registry}/hashicorp/*"`).join(', ');
  const installation = mirror
    ? `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = [${hosts}]\n  }\n  direct {\n    exclude = [${hosts}]\n  }\n}\n`
    : '';
  const file = join(cacheDir, 'cli.tfrc');
  // Scratch validation copies have no lock file. Without this setting every init would
  // re-extract each provider into the shared cache (the AWS one is ~700 MB) while other
  // stacks' validate reads it, which fails them at random; the mirror is built locally
  // from pinned Go modules, so reusing its cached copy is safe.
  writeFileSync(
    file,
    `# Generated by tools/toolchain/install.mjs\nplugin_cache_dir = "${pluginCache}"\nplugin_cache_may_break_dependency_lock_file = true\n${installation}`,
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
  const kubeTools = installKubeTools();
  const admission = installAdmission();
  const emulator = installEmulator(versions.emulator);
  const actionlint = goInstall('actionlint', versions.workflowTools.actionlint);
  const zizmor = {
    path: pipTool(versions.workflowTools.zizmor, 'the workflow audit'),
    version: versions.workflowTools.zizmor.version,
  };
  const amtool = {
    path: goInstall('amtool', versions.alertmanager),
    version: versions.alertmanager.version,
  };
  const awsCli = {
    path: pipTool(versions.awsCli, 'the AWS CLI of the delivery tools', 'aws'),
    version: versions.awsCli.version,
  };
  const redis = installRedis(versions.redis);
  const luajit = installLuaJit(versions.luajit);
  const eventRuler = installEventRuler(versions.eventRuler);
  const renovate = installRenovate(versions.renovate);
  const policy = {
    checkov: pipTool(versions.policy, 'the policy gate', 'checkov'),
    version: versions.policy.version,
  };
  const controlPlane = installControlPlane();
  const vault = installVault();
  const toolchain = {
    engine: { ...engine, version: versionOf(engine.path) },
    cliConfig,
    mirror,
    providers,
    kubeTools,
    admission,
    emulator,
    actionlint: { path: actionlint, version: versions.workflowTools.actionlint.version },
    zizmor,
    awsCli,
    amtool,
    redis,
    luajit,
    eventRuler,
    renovate,
    policy,
    controlPlane,
    vault,
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
  for (const [tool, version] of Object.entries(kubeTools.versions))
    log(`kube tool: ${tool} ${version}`);
  log(`admission: strata-admission (${admission.version})`);
  log(`emulator: moto ${emulator.version}`);
  log(`policy gate: checkov ${policy.version}`);
  log(`AWS CLI: ${awsCli.version}`);
  log(`Alertmanager config check: amtool ${amtool.version}`);
  log(`cache-login check: redis-server ${redis.version}`);
  log(`log redaction check: LuaJIT ${luajit.version}`);
  log(`event-pattern checks: event-ruler ${eventRuler.version}`);
  log(`Renovate config check: renovate ${renovate.version}`);
  log(
    `workflow checks: actionlint ${versions.workflowTools.actionlint.version}, zizmor ${zizmor.version}`,
  );
  log(
    `control plane: Kubernetes ${controlPlane.versions.kubernetes}, etcd ${controlPlane.versions.etcd}, KWOK ${controlPlane.versions.kwok}`,
  );
  log(`raft snapshot check: vault ${vault.version}`);
  log(`CLI config: ${cliConfig}`);
  log(`manifest: ${manifest}`);
}

try {
  main();
} catch (error) {
  console.error(`[toolchain] ${error.message}`);
  process.exit(1);
}
