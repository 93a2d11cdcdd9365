import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One timed run of a command. */
export interface Measurement {
  readonly wallMs: number;
  /** Peak resident set size of the measured Node process (all its threads); 0 if not known. */
  readonly peakRssMb: number;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Preload that records the Node process's peak RSS at exit (`-r <file>`); only for commands
   * that are `node` itself.
   */
  readonly peakRssPreload?: string;
}

/**
 * Runs `command args` once with a fresh scratch directory (handed to `args` and `env`), and
 * measures its wall time and, for a Node process run with the preload, its peak RSS.
 */
export function measure(
  command: string,
  args: (scratch: string) => string[],
  options: RunOptions & { readonly scratchEnv?: (scratch: string) => NodeJS.ProcessEnv },
): Promise<Measurement> {
  const scratch = mkdtempSync(join(tmpdir(), 'strata-bench-'));
  const rssFile = join(scratch, 'peak-rss');
  const preload = options.peakRssPreload ? ['-r', options.peakRssPreload] : [];
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    const child = spawn(command, [...preload, ...args(scratch)], {
      cwd: options.cwd,
      env: {
        ...process.env,
        ...options.env,
        ...options.scratchEnv?.(scratch),
        STRATA_PEAK_RSS_FILE: rssFile,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) {
        fail(new Error(`${command} ${args(scratch).join(' ')} exited ${code}: ${stderr}`));
        return;
      }
      const peakRssMb = options.peakRssPreload ? Number(readFileSync(rssFile, 'utf8')) / 1024 : 0;
      rmSync(scratch, { recursive: true, force: true });
      done({ wallMs, peakRssMb });
    });
  });
}

/** The median wall time and the largest peak RSS of `count` runs, one after another. */
export async function medianOf(
  count: number,
  run: () => Promise<Measurement>,
): Promise<Measurement> {
  const results: Measurement[] = [];
  for (let i = 0; i < count; i++) results.push(await run());
  const walls = results.map((result) => result.wallMs).sort((a, b) => a - b);
  return {
    wallMs: walls[Math.floor(walls.length / 2)],
    peakRssMb: Math.max(...results.map((result) => result.peakRssMb)),
  };
}
