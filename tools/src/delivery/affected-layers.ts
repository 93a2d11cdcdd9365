import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAYERS, LayerName } from '@strata/config';

/** Files that change every stack: dependency pins, provider bindings, build and engine settings. */
const WORKSPACE_FILES = new Set([
  'package.json',
  'package-lock.json',
  'cdktf.json',
  'tsconfig.base.json',
  'nx.json',
  'tools/toolchain/versions.json',
]);

/** Which environments of a layer a change reaches. */
export type AffectedLayers = Map<LayerName, Set<string>>;

export interface WorkspaceShape {
  /** Every environment name (environments/<name>.yaml). */
  readonly environments: readonly string[];
  /** The layers whose app imports the library at this root (`libs/config`), directly or not. */
  readonly layersUsing: (libraryRoot: string) => readonly LayerName[];
}

/**
 * The layers (and environments) a set of changed files can change, as `nx affected` would
 * reach them plus the config files Nx does not see as projects:
 * - `apps/<layer>/**`: that layer, every environment;
 * - `libs/<lib>/**`: every layer whose app uses the library;
 * - `environments/<env>.yaml`: every layer of that environment;
 * - `charts/**`: the cluster layer (its add-ons stack installs the charts);
 * - dependency pins and build settings: everything.
 * Anything else (docs, workflows, tools) changes no stack.
 */
export function affectedLayers(
  changedFiles: readonly string[],
  workspace: WorkspaceShape,
): AffectedLayers {
  const affected: AffectedLayers = new Map();
  const add = (layers: readonly LayerName[], environments: readonly string[]) => {
    for (const layer of layers) {
      const set = affected.get(layer) ?? new Set<string>();
      environments.forEach((env) => set.add(env));
      affected.set(layer, set);
    }
  };
  for (const file of changedFiles) {
    const [top, second] = file.split('/');
    if (WORKSPACE_FILES.has(file)) add(LAYERS, workspace.environments);
    else if (top === 'apps' && (LAYERS as readonly string[]).includes(second))
      add([second as LayerName], workspace.environments);
    else if (top === 'libs' && second)
      add(workspace.layersUsing(`libs/${second}`), workspace.environments);
    else if (top === 'environments' && /\.ya?ml$/.test(second ?? '')) {
      const env = second.replace(/\.ya?ml$/, '');
      if (workspace.environments.includes(env)) add(LAYERS, [env]);
    } else if (top === 'charts') add(['cluster'], workspace.environments);
  }
  // Deploy order, for readable output.
  return new Map(
    LAYERS.filter((layer) => affected.has(layer)).map((layer) => [
      layer,
      affected.get(layer) as Set<string>,
    ]),
  );
}

/** Nx's project graph, as `nx graph --file=<json>` writes it (the parts used here). */
export interface ProjectGraphFile {
  readonly graph: {
    readonly nodes: Record<string, { readonly data: { readonly root: string } }>;
    readonly dependencies: Record<string, ReadonlyArray<{ readonly target: string }>>;
  };
}

/** `layersUsing` from the project graph: a layer uses a library its app reaches transitively. */
export function layersUsingFromGraph(file: ProjectGraphFile): (libraryRoot: string) => LayerName[] {
  const { nodes, dependencies } = file.graph;
  const reach = (project: string, seen = new Set<string>()): Set<string> => {
    for (const { target } of dependencies[project] ?? []) {
      if (seen.has(target) || !(target in nodes)) continue;
      seen.add(target);
      reach(target, seen);
    }
    return seen;
  };
  const roots = new Map(Object.entries(nodes).map(([name, node]) => [node.data.root, name]));
  return (libraryRoot) => {
    const library = roots.get(libraryRoot);
    if (!library) return [];
    return LAYERS.filter((layer) => layer in nodes && reach(layer).has(library));
  };
}

/** The workspace's project graph, from `nx graph --file` (written under dist/delivery). */
export function readProjectGraph(root: string): ProjectGraphFile {
  const dir = join(root, 'dist', 'delivery');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'project-graph.json');
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'graph', `--file=${file}`], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  return JSON.parse(readFileSync(file, 'utf8')) as ProjectGraphFile;
}
