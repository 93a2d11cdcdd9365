import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { exec } from './render';
import {
  ChartValueSchema,
  effectiveDefaults,
  referencedValuePaths,
  withReferencedPaths,
} from './value-keys';

type Tree = Record<string, unknown>;

/** Unpacks a chart archive (as `helm pull --untar` would) and returns the chart directory. */
export function unpackChart(archive: string, workDir: string): string {
  const target = join(workDir, 'unpacked', archive.replace(/[^A-Za-z0-9.-]+/g, '_'));
  if (!existsSync(target)) {
    mkdirSync(target, { recursive: true });
    const result = exec('tar', ['-xzf', archive, '-C', target]);
    if (!result.ok) throw new Error(`tar -xzf ${archive}: ${result.stderr.trim()}`);
  }
  const [dir] = readdirSync(target).filter((entry) =>
    existsSync(join(target, entry, 'Chart.yaml')),
  );
  if (!dir) throw new Error(`${archive} holds no chart`);
  return join(target, dir);
}

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Tree, over: Tree): Tree {
  const merged: Tree = { ...base };
  for (const [key, value] of Object.entries(over)) {
    merged[key] =
      isTree(value) && isTree(merged[key]) ? deepMerge(merged[key] as Tree, value) : value;
  }
  return merged;
}

function readYaml(file: string): Tree {
  return existsSync(file) ? ((parse(readFileSync(file, 'utf8')) as Tree | null) ?? {}) : {};
}

interface Dependency {
  readonly name: string;
  readonly alias?: string;
}

/**
 * What a chart directory declares as values: its values.yaml (with Istio's defaults block
 * flattened), each subchart's values under the subchart's name or alias, and
 * values.schema.json.
 */
function templateFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? templateFiles(path) : [path];
  });
}

export function chartValueSchema(chartDir: string, workDir: string): ChartValueSchema {
  const references = templateFiles(join(chartDir, 'templates')).flatMap((file) =>
    referencedValuePaths(readFileSync(file, 'utf8')),
  );
  const defaults: Tree = {
    ...withReferencedPaths(effectiveDefaults(readYaml(join(chartDir, 'values.yaml'))), references),
  };
  const chart = readYaml(join(chartDir, 'Chart.yaml')) as { dependencies?: Dependency[] };
  const subchartsDir = join(chartDir, 'charts');
  if (existsSync(subchartsDir)) {
    for (const entry of readdirSync(subchartsDir)) {
      const path = join(subchartsDir, entry);
      const dir = statSync(path).isDirectory()
        ? path
        : entry.endsWith('.tgz')
          ? unpackChart(path, workDir)
          : undefined;
      if (!dir || !existsSync(join(dir, 'Chart.yaml'))) continue;
      const name = (readYaml(join(dir, 'Chart.yaml')) as { name?: string }).name ?? entry;
      const key = chart.dependencies?.find((dependency) => dependency.name === name)?.alias ?? name;
      const sub = chartValueSchema(dir, workDir);
      // The parent's values for the subchart override the subchart's own, key by key.
      defaults[key] = deepMerge(sub.defaults, (defaults[key] as Tree | undefined) ?? {});
    }
  }
  const schemaFile = join(chartDir, 'values.schema.json');
  const jsonSchema = existsSync(schemaFile)
    ? (JSON.parse(readFileSync(schemaFile, 'utf8')) as Tree)
    : undefined;
  return { defaults, jsonSchema };
}
