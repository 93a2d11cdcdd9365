import { PLATFORM_LABELS } from '../vocabulary/platform-labels';

/** Every field optional, recursively; arrays are replaced, not merged. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * The platform's name as a project chart spells it (see PLATFORM_LABELS): overridden together
 * by a team that installs the charts under its own name.
 */
export interface ChartLabels {
  /** `app.kubernetes.io/part-of` of every object, and the prefix of cluster-wide names. */
  readonly partOf: string;
  /** The domain of the chart's own label keys (`<domain>/environment`, ...). */
  readonly domain: string;
}

/** The chart labels PLATFORM_LABELS gives. */
export const DEFAULT_CHART_LABELS: ChartLabels = {
  partOf: PLATFORM_LABELS.partOf,
  domain: PLATFORM_LABELS.domain,
};

/** A chart value that switches one of its components on or off. */
export interface ComponentSwitch {
  /** Whether the component is deployed. */
  readonly enabled: boolean;
}

/** A component's PodDisruptionBudget, as the chart takes it. */
export interface MinAvailableBudget {
  /** Whether the chart renders it. */
  readonly enabled: boolean;
  /** Pods that must stay up during a voluntary disruption (a node drain). */
  readonly minAvailable: number;
}

/** A PodDisruptionBudget by the pods it lets go at once. */
export interface MaxUnavailableBudget {
  /** Pods that may be evicted at once. */
  readonly maxUnavailable: number;
}

/** A readiness probe the chart can switch on (off upstream for these components). */
export interface OptionalProbe {
  /** The probe. */
  readonly readinessProbe: ComponentSwitch;
}

/**
 * A service account a chart creates for its workload: its name is what the workload's IAM
 * role trusts, its annotations carry the role's ARN where the cluster uses IRSA.
 */
export interface ServiceAccountValues {
  /** Whether the chart creates it. */
  readonly create: boolean;
  /** Its name (the IAM role trusts exactly this name). */
  readonly name: string;
  /** Its annotations (the IAM role's ARN with IRSA; none with Pod Identity). */
  readonly annotations: Readonly<Record<string, string>>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `overrides` over `defaults`: objects merge key by key, anything else (arrays
 * included) replaces. Neither input is modified.
 */
export function mergeValues<T>(defaults: T, overrides: NoInfer<DeepPartial<T>> | undefined): T {
  if (overrides === undefined) return defaults;
  if (!isPlainObject(defaults) || !isPlainObject(overrides)) return overrides as T;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    merged[key] = key in defaults ? mergeValues(defaults[key], value) : value;
  }
  return merged as T;
}
