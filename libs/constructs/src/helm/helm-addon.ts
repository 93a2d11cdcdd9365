import { Construct } from 'constructs';
import { ITerraformDependable, TerraformStack } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { stringify } from 'yaml';
import { AddonContext } from './addon-context';

/** A chart from a Helm repository, pinned to one version. */
export interface RepositoryChart {
  /** The chart's name in the repository, e.g. `cert-manager`. */
  readonly chart: string;
  /** The repository's URL (an `https://` Helm repository or an `oci://` registry path). */
  readonly repository: string;
  /** The exact chart version; never a range, so a plan shows every upgrade. */
  readonly version: string;
}

/** A chart shipped with the stack (see `localChart`); `chart` is its path in the synth output. */
export interface BundledChart {
  /** The chart's directory, relative to the stack's synth output. */
  readonly chart: string;
  /** The chart's version (its `Chart.yaml`), recorded in the release. */
  readonly version: string;
}

/** Where a release's chart comes from: a Helm repository, or the synth output. */
export type ChartSource = RepositoryChart | BundledChart;

/** Another add-on this one cannot work without, and why (shown when it is missing). */
export interface AddonDependency {
  /** The name of the add-on depended on (its `ADDON_NAME`). */
  readonly addon: string;
  /** What breaks without it; printed when it is missing. */
  readonly reason: string;
}

/** What every add-on passes to its release. */
export interface HelmAddonProps<V extends object> {
  /** Add-on (and Helm release) name, unique per cluster, e.g. `cert-manager`. */
  readonly addonName: string;
  /** The namespace the release installs into (created if missing). */
  readonly namespace: string;
  /** The pinned chart. */
  readonly chart: ChartSource;
  /** The complete values; rendered to one YAML document. */
  readonly values: V;
  /** Add-ons that must already be in the stack. @default none */
  readonly dependencies?: readonly AddonDependency[];
  /** The cluster: its Helm provider, and the prerequisites every release waits for. */
  readonly context: AddonContext;
  /** Resources this release waits for beyond the context's prerequisites, e.g. its IAM role. */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** @default 600 */
  readonly timeoutSeconds?: number;
  /**
   * Leave the chart's `crds/` alone, because another release manages them (Helm installs
   * `crds/` once and never upgrades it). @default false
   */
  readonly skipCrds?: boolean;
}

const installed = new WeakMap<TerraformStack, Map<string, HelmAddon<object>>>();

function addonsOf(scope: Construct): Map<string, HelmAddon<object>> {
  const stack = TerraformStack.of(scope);
  let addons = installed.get(stack);
  if (!addons) {
    addons = new Map();
    installed.set(stack, addons);
  }
  return addons;
}

/**
 * One Helm release of a cluster add-on: a pinned chart, typed values rendered to YAML and
 * explicit dependencies. A dependency must be added to the stack first; otherwise
 * construction fails naming both add-ons and the reason, so a wrong install order can
 * never reach `terraform apply`.
 */
export class HelmAddon<V extends object> extends Construct {
  /** The add-on's name, also its Helm release's name. */
  readonly addonName: string;
  /** The namespace the release is installed in. */
  readonly namespace: string;
  /** The chart and version the release installs. */
  readonly chart: ChartSource;
  /** The complete values the release renders (defaults merged with overrides). */
  readonly values: V;
  /** The add-ons this one needs, all added to the stack before it. */
  readonly dependencies: readonly AddonDependency[];
  /** The Helm release; make other resources depend on it to wait for the add-on. */
  readonly release: Release;

  /** The add-ons already added to `scope`'s stack, by name. */
  static installedIn(scope: Construct): ReadonlyMap<string, HelmAddon<object>> {
    return addonsOf(scope);
  }

  constructor(scope: Construct, id: string, props: HelmAddonProps<V>) {
    super(scope, id);
    const addons = addonsOf(this);
    if (addons.has(props.addonName)) {
      throw new Error(
        `Add-on "${props.addonName}" is added twice to stack ${TerraformStack.of(this).node.id}`,
      );
    }
    const dependencies = props.dependencies ?? [];
    const missing = dependencies.filter((dependency) => !addons.has(dependency.addon));
    if (missing.length > 0) {
      throw new Error(
        missing
          .map(
            (dependency) =>
              `Add-on "${props.addonName}" needs "${dependency.addon}" (${dependency.reason}), but stack ${TerraformStack.of(this).node.id} has not added it; add "${dependency.addon}" before "${props.addonName}".`,
          )
          .join('\n'),
      );
    }
    this.addonName = props.addonName;
    this.namespace = props.namespace;
    this.chart = props.chart;
    this.values = props.values;
    this.dependencies = dependencies;

    this.release = new Release(this, 'release', {
      provider: props.context.helmProvider,
      name: props.addonName,
      namespace: props.namespace,
      chart: props.chart.chart,
      repository: 'repository' in props.chart ? props.chart.repository : undefined,
      version: props.chart.version,
      values: [renderValues(props.values)],
      // Roll back a failed upgrade instead of leaving a half-applied release.
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: props.timeoutSeconds ?? 600,
      maxHistory: 10,
      skipCrds: props.skipCrds,
      dependsOn: [
        ...dependencies.flatMap((dependency) => addons.get(dependency.addon)?.release ?? []),
        ...props.context.prerequisites,
        ...(props.dependsOn ?? []),
      ],
    });

    this.node.defaultChild = this.release;
    addons.set(props.addonName, this as HelmAddon<object>);
  }
}

/**
 * YAML as Helm reads it; no line folding, so long tokens and ARNs stay on one line. Terraform
 * evaluates the string first, so a literal `${...}` or `%{...}` in a value (the collector's
 * `${env:MY_POD_IP}`) is escaped as `$${` / `%%{`; cdktf's own references stay live.
 */
export function renderValues(values: object): string {
  return stringify(values, { lineWidth: 0 })
    .replace(/\$\{(?!TfToken\[)/g, '$$${')
    .replace(/%\{/g, '%%{');
}
