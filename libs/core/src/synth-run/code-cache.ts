import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { MessagePort, parentPort } from 'node:worker_threads';

const CACHE_SUFFIX = '.v8cache';

/**
 * The cache file of a bundle: beside it, named by a hash of its content. V8 checks only a
 * cache's source length, so a cache must never outlive the exact bytes it was made from.
 */
function codeCacheFile(bundle: string, source: string): string {
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 16);
  return `${bundle}.${digest}${CACHE_SUFFIX}`;
}

/**
 * Runs a CommonJS bundle in this thread from V8's code cache: each synth thread of the
 * platform app otherwise compiles the 7 MB synth bundle and every function it runs again. The
 * cache holds what the first run compiled; it is written once the bundle reports its result
 * on `parentPort` (so it covers the synthesis, not only the top level), atomically, and only
 * when missing or refused. A cache that cannot be written costs only speed.
 */
export function runBundleWithCodeCache(bundle: string): void {
  const source = readFileSync(bundle, 'utf8');
  const cacheFile = codeCacheFile(bundle, source);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapper, { filename: bundle, cachedData });
  const used = cachedData !== undefined && !script.cachedDataRejected;
  // synth-all.spec.ts checks that a cache is made once, taken, and replaced when refused.
  if (!used && parentPort) {
    const port = parentPort;
    const post = port.postMessage.bind(port);
    port.postMessage = (...args: Parameters<MessagePort['postMessage']>) => {
      port.postMessage = post;
      writeCache(bundle, cacheFile, script.createCachedData());
      post(...args);
    };
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
    filename: string,
    dirname: string,
  ) => void;
  run(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

function writeCache(bundle: string, cacheFile: string, data: Buffer): void {
  const partial = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
  try {
    writeFileSync(partial, data);
    renameSync(partial, cacheFile);
    // Caches of earlier builds of the same bundle are never valid again.
    const earlier = `${basename(bundle)}.`;
    for (const name of readdirSync(dirname(bundle))) {
      const path = join(dirname(bundle), name);
      if (name.startsWith(earlier) && name.endsWith(CACHE_SUFFIX) && path !== cacheFile)
        rmSync(path, { force: true });
    }
  } catch {
    rmSync(partial, { force: true });
  }
}
