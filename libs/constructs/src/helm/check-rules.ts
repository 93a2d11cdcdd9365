/** A values map whose keys the chart does not list, because any key is passed through. */
export interface FreeFormValues {
  /** The path of the map in the values. */
  readonly path: readonly string[];
  /** Why any key is allowed there. */
  readonly reason: string;
}

/**
 * What the chart check (`tools/src/charts`) must know about an add-on's chart beyond the
 * chart itself: each exception is declared next to the add-on, with its reason.
 */
export interface AddonCheckRules {
  /** Maps whose keys are free by design (annotations, configuration files). */
  readonly freeFormValues?: readonly FreeFormValues[];
  /** kube-score tests this chart cannot pass, each with the reason. */
  readonly kubeScoreIgnores?: Readonly<Record<string, string>>;
  /**
   * Why the release may render no objects (the check fails an empty rendering otherwise: it
   * is almost always a chart that is not the one meant, or values that switch it all off).
   * @default undefined (an empty rendering fails)
   */
  readonly rendersNothing?: string;
  /** Command-line flags the chart's programs take more than once by design, each with the reason. */
  readonly repeatableFlags?: Readonly<Record<string, string>>;
  /**
   * StatefulSets (and Prometheus Operator Prometheus or Alertmanager objects), by name, that
   * keep no state worth a persistent volume in production, each with the reason.
   */
  readonly ephemeralState?: Readonly<Record<string, string>>;
  /**
   * Secrets, by name, that the chart's pods read but no rendering holds, because something
   * creates them at run time (a hook Job, the program itself), each with the reason.
   */
  readonly runtimeSecrets?: Readonly<Record<string, string>>;
  /**
   * Secrets, by name, the chart renders with values that come only from the repository's own
   * files, each with the reason. Helm's release record keeps every rendered manifest where the
   * plan role reads it, so the chart check fails any other Secret rendered with a value.
   */
  readonly repositorySecrets?: Readonly<Record<string, string>>;
}
