import { readdirSync, readFileSync } from 'node:fs';
import { SourceMap, SourceMapPayload } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One row of a profile's top costs. */
export interface ProfileCost {
  /** Function name, or what the engine calls the time (garbage collector, program). */
  readonly name: string;
  /** Where it is: workspace-relative source file and line, or the package it belongs to. */
  readonly where: string;
  readonly ms: number;
  /** Share of all sampled time of all threads, in percent. */
  readonly percent: number;
}

interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }>;
  samples: number[];
  timeDeltas: number[];
}

/** Engine entries that are no code: the time the thread waited. */
const IDLE = new Set(['(idle)', '(program)']);

/**
 * Self time by function over every `.cpuprofile` in `directory` (one per thread, from
 * `node --cpu-prof`), bundle positions mapped back to the sources through the bundle's source
 * map, waiting time left out. The `top` largest, largest first.
 */
export function topCosts(directory: string, root: string, top = 10): ProfileCost[] {
  const maps = new Map<string, SourceMap | undefined>();
  const sourceMapOf = (url: string) => {
    if (!maps.has(url)) {
      let map: SourceMap | undefined;
      try {
        const payload = JSON.parse(
          readFileSync(`${fileURLToPath(url)}.map`, 'utf8'),
        ) as SourceMapPayload;
        map = new SourceMap(payload);
      } catch {
        map = undefined;
      }
      maps.set(url, map);
    }
    return maps.get(url);
  };
  const where = (url: string, line: number, column: number): string => {
    if (!url) return '(native)';
    if (!url.startsWith('file://')) return url;
    const entry = sourceMapOf(url)?.findEntry(line, column);
    // A sample in generated code that maps to no source comes back without originalSource.
    if (entry && 'originalSource' in entry && typeof entry.originalSource === 'string') {
      const source = entry.originalSource.replace(/^file:\/\//, '');
      const file = relative(root, join(fileURLToPath(url), '..', source));
      return `${file}:${entry.originalLine + 1}`;
    }
    return `${relative(root, fileURLToPath(url))}:${line + 1}`;
  };

  const totals = new Map<string, { name: string; where: string; micros: number }>();
  let all = 0;
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(directory, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    profile.samples.forEach((id, index) => {
      const frame = byId.get(id);
      if (!frame || IDLE.has(frame.functionName)) return;
      const micros = profile.timeDeltas[index] ?? 0;
      all += micros;
      const name = frame.functionName || '(anonymous)';
      const location = where(frame.url, frame.lineNumber, frame.columnNumber);
      const key = `${name}\0${location}`;
      const total = totals.get(key) ?? { name, where: location, micros: 0 };
      total.micros += micros;
      totals.set(key, total);
    });
  }
  return [...totals.values()]
    .sort((a, b) => b.micros - a.micros)
    .slice(0, top)
    .map(({ name, where: at, micros }) => ({
      name,
      where: at,
      ms: micros / 1000,
      percent: all === 0 ? 0 : (100 * micros) / all,
    }));
}
