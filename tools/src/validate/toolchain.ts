import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What tools/toolchain/install.mjs built, as recorded in its manifest. */
export interface Toolchain {
  readonly engine: {
    readonly kind: 'terraform' | 'tofu';
    readonly path: string;
    readonly version: string;
  };
  readonly cliConfig: string;
  readonly mirror?: string;
  readonly providers: ReadonlyArray<{
    readonly name: string;
    readonly bindingVersion: string;
    readonly version: string;
  }>;
  /** Chart checkers and offline Kubernetes schemas (absent in manifests of older installers). */
  readonly kubeTools?: KubeTools;
  /** moto's server in the toolchain venv (absent in manifests of older installers). */
  readonly emulator?: { readonly python: string; readonly version: string };
  /** strata-admission: Istio's injector and Pod Security evaluation (absent in older manifests). */
  readonly admission?: { readonly path: string; readonly version: string };
  /** Workflow linter (absent in manifests of older installers). */
  readonly actionlint?: { readonly path: string; readonly version: string };
  /** Alertmanager's config check, the real parser of alert routes (absent in older manifests). */
  readonly amtool?: { readonly path: string; readonly version: string };
  /** A Redis server and CLI from Debian, for the cache-login check (absent in older manifests). */
  readonly redis?: {
    readonly server: string;
    readonly cli: string;
    /** Where the libraries they link are (LD_LIBRARY_PATH). */
    readonly libraryPath: string;
    readonly version: string;
  };
  /** event-ruler, EventBridge's pattern engine, and its runner (absent in older manifests). */
  readonly eventRuler?: {
    /** The Java class path of the runner and the library. */
    readonly classpath: string;
    /** The runner's class. */
    readonly mainClass: string;
    readonly version: string;
  };
  /** Renovate's config validator, for the dependency bot's config (absent in older manifests). */
  readonly renovate?: { readonly validator: string; readonly version: string };
  /** LuaJIT from Debian, for the log redaction check (absent in older manifests). */
  readonly luajit?: {
    readonly path: string;
    /** Where the library it links is (LD_LIBRARY_PATH). */
    readonly libraryPath: string;
    readonly version: string;
  };
  /** The AWS CLI the delivery tools call, for their tests (absent in older manifests). */
  readonly awsCli?: { readonly path: string; readonly version: string };
  /** checkov, the policy gate (absent in manifests of older installers). */
  readonly policy?: { readonly checkov: string; readonly version: string };
  /** The local Kubernetes control plane (absent in manifests of older installers). */
  readonly controlPlane?: ControlPlaneBinaries;
  /** Vault's server and CLI (tools/vault/go.mod), for the raft snapshot check. */
  readonly vault?: { readonly path: string; readonly version: string };
}

/** kube-apiserver, kube-controller-manager, kube-scheduler, etcd and KWOK, as built. */
export interface ControlPlaneBinaries {
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly kubeScheduler: string;
  readonly kwok: string;
  /** KWOK's stage configuration: node and pod lifecycles. */
  readonly kwokStages: string;
  readonly versions: { readonly kubernetes: string; readonly etcd: string; readonly kwok: string };
}

export interface KubeTools {
  readonly helm: string;
  readonly kubeconform: string;
  readonly kubeScore: string;
  /** Directory of `v<version>-local-strict/` schema folders, self-contained for kubeconform. */
  readonly schemaDir: string;
  readonly versions?: Readonly<Record<string, string>>;
}

export function toolchainDir(): string {
  return process.env.STRATA_TOOLCHAIN_DIR ?? join(homedir(), '.cache', 'strata', 'toolchain');
}

export function loadToolchain(): Toolchain {
  const manifest = join(toolchainDir(), 'toolchain.json');
  if (!existsSync(manifest)) {
    throw new Error(`${manifest} does not exist: run "node tools/toolchain/install.mjs" first`);
  }
  return JSON.parse(readFileSync(manifest, 'utf8')) as Toolchain;
}
