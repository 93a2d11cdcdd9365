import { spawnSync } from 'node:child_process';
import { loadToolchain } from './validate/toolchain';

/** One evaluation: an EventBridge rule's pattern and an event, both as JSON text. */
export interface PatternCase {
  readonly pattern: string;
  readonly event: string;
}

/**
 * Whether each event matches its pattern, as EventBridge decides it: evaluated by event-ruler,
 * the engine EventBridge matches with (from the toolchain). Throws when a pattern is one
 * EventBridge would refuse.
 */
export function matchEventPatterns(cases: readonly PatternCase[]): boolean[] {
  const ruler = loadToolchain().eventRuler;
  if (!ruler) throw new Error('no event-ruler in the toolchain (node tools/toolchain/install.mjs)');
  const run = spawnSync('java', ['-cp', ruler.classpath, ruler.mainClass], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`event-ruler: ${run.stderr}`);
  const results = JSON.parse(run.stdout) as Array<boolean | { error: string }>;
  return results.map((result, index) => {
    if (typeof result === 'boolean') return result;
    throw new Error(`pattern ${cases[index].pattern} is not valid: ${result.error}`);
  });
}
