/**
 * Helm ignores value keys a chart never reads: a misspelt or outdated key changes nothing and
 * says nothing. This finds them by comparing the values a release passes with what the chart
 * declares: its values.yaml (Istio's `_internal_defaults_do_not_set` block included), its
 * values.schema.json, and its subcharts' values under their names. Maps whose keys are free
 * by design (annotations, config files) are declared per add-on with the reason.
 */

type Tree = Readonly<Record<string, unknown>>;

function isMap(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Value keys that charts render verbatim as a Kubernetes field (`toYaml .Values.x.resources`).
 * What goes below them is not a chart value: it is checked where it lands, by the strict
 * schema validation of the rendering (a misspelt `resources.request` fails there).
 */
export const KUBERNETES_FIELD_VALUES: ReadonlySet<string> = new Set([
  'resources',
  'securityContext',
  'containerSecurityContext',
  'podSecurityContext',
  'seccompProfile',
  'annotations',
  'podAnnotations',
  'labels',
  'podLabels',
  'nodeSelector',
  'tolerations',
  'affinity',
  'topologySpreadConstraints',
  // Rendered as the PodDisruptionBudget's spec where the chart's default is `{}`.
  'podDisruptionBudget',
]);

/** What a chart declares, as one tree of known keys. */
export interface ChartValueSchema {
  /**
   * Merged defaults: values.yaml of the chart, its subcharts under their names, and every
   * `.Values.a.b` path its templates name (charts document optional keys as comments).
   */
  readonly defaults: Tree;
  /** values.schema.json, if the chart has one. */
  readonly jsonSchema?: Tree;
}

/** Istio's charts keep their defaults in this block and merge it at render time. */
const ISTIO_DEFAULTS_BLOCK = '_internal_defaults_do_not_set';

/**
 * Adds the value paths templates name literally (`.Values.podDisruptionBudget.minAvailable`) to
 * a defaults tree, as keys taken whole (null) where the defaults lack them.
 */
export function withReferencedPaths(defaults: Tree, paths: readonly (readonly string[])[]): Tree {
  const root: Record<string, unknown> = structuredClone(defaults) as Record<string, unknown>;
  for (const path of paths) {
    let node: Record<string, unknown> = root;
    for (const [index, segment] of path.entries()) {
      const last = index === path.length - 1;
      if (!(segment in node)) node[segment] = last ? null : {};
      const next = node[segment];
      if (last || !isMap(next)) break;
      node = next as Record<string, unknown>;
    }
  }
  return root;
}

/** The `.Values.a.b.c` paths a template names literally. */
export function referencedValuePaths(template: string): string[][] {
  return [...template.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((match) =>
    match[1].slice(1).split('.'),
  );
}

/** Flattens Istio's defaults block into the top level, as its templates do. */
export function effectiveDefaults(values: Tree): Tree {
  const block = values[ISTIO_DEFAULTS_BLOCK];
  if (!isMap(block)) return values;
  const rest = Object.fromEntries(
    Object.entries(values).filter(([key]) => key !== ISTIO_DEFAULTS_BLOCK),
  );
  return { ...block, ...rest };
}

/**
 * Whether a JSON schema declares `path`: true when it names it (or leaves that map open),
 * false when it closes the map, undefined when it says nothing there.
 */
function schemaDeclares(schema: Tree | undefined, path: readonly string[]): boolean | undefined {
  let node: Tree | undefined = schema;
  for (const segment of path) {
    if (!node) return undefined;
    const properties = node.properties;
    if (isMap(properties) && isMap(properties[segment])) {
      node = properties[segment] as Tree;
      continue;
    }
    if (node.additionalProperties === false) return false;
    // An object schema that lists no properties, or allows more, accepts any key.
    if (isMap(node.additionalProperties) || node.additionalProperties === true) return true;
    if (!isMap(properties) && (node.type === 'object' || node.type === undefined)) return true;
    return false;
  }
  return true;
}

/** A value key the chart never reads. */
export interface UnknownValueKey {
  readonly path: readonly string[];
}

/**
 * The keys of `values` the chart does not declare. A key is declared when the defaults have
 * it at the same place, or the JSON schema names it. Below a declared key whose default is not
 * a map (a list, a string, null), the chart takes the value as a whole. Below `freeForm`
 * paths any key is accepted.
 */
export function unknownValueKeys(
  values: Tree,
  chart: ChartValueSchema,
  freeForm: readonly (readonly string[])[] = [],
): UnknownValueKey[] {
  const found: UnknownValueKey[] = [];
  const isFree = (path: readonly string[]) =>
    freeForm.some(
      (free) =>
        free.length <= path.length && free.every((segment, index) => segment === path[index]),
    );
  const visit = (given: Tree, defaults: Tree | undefined, path: readonly string[]) => {
    for (const [key, value] of Object.entries(given)) {
      const here = [...path, key];
      if (isFree(here)) continue;
      const inDefaults = defaults !== undefined && key in defaults;
      if (!inDefaults && schemaDeclares(chart.jsonSchema, here) !== true) {
        found.push({ path: here });
        continue;
      }
      if (!isMap(value)) continue;
      const defaultValue = inDefaults ? defaults[key] : undefined;
      const emptyDefault = !isMap(defaultValue) || Object.keys(defaultValue).length === 0;
      // A Kubernetes field the chart renders as it is. A budget with chart keys of its own
      // (`{enabled: false}`) is the chart's, and is checked below.
      if (KUBERNETES_FIELD_VALUES.has(key) && (key !== 'podDisruptionBudget' || emptyDefault))
        continue;
      if (isMap(defaultValue) && Object.keys(defaultValue).length > 0) {
        // A map default lists the keys the chart reads.
        visit(value, defaultValue, here);
      } else if (!inDefaults || isMap(defaultValue)) {
        // `{}` in values.yaml, or a key only the schema knows: a map the chart renders as it
        // is (annotations, selectors) or fills from keys its templates name. Only the schema or
        // a declaration says which keys are fine.
        visit(value, undefined, here);
      }
      // Anything else (a list, a scalar, null) is taken whole by the chart.
    }
  };
  visit(values, chart.defaults, []);
  return found;
}

/** `a.b["c.d"]`: a path as a reader finds it in values.yaml. */
export function formatValuePath(path: readonly string[]): string {
  return path
    .map((segment, index) =>
      /^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)
        ? `${index === 0 ? '' : '.'}${segment}`
        : `[${JSON.stringify(segment)}]`,
    )
    .join('');
}
