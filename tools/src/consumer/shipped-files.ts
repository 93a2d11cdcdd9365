import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A package's `exports`, as package.json spells them (a target, or conditions to targets). */
type Exports = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

/** Every `.js` module of a built package, relative to it (its own code, not assets or charts). */
function modulesIn(packageDir: string, skipped: readonly string[]): string[] {
  return readdirSync(packageDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .filter((file) => !skipped.some((dir) => file.startsWith(`${dir}/`)));
}

/** The module a relative `require` names: `x.js`, or `x/index.js`. */
function resolved(fromDir: string, specifier: string): string | undefined {
  const base = join(fromDir, specifier);
  return [`${base}.js`, join(base, 'index.js'), base].find(
    (candidate) => candidate.endsWith('.js') && existsSync(candidate),
  );
}

/**
 * The modules a built package ships that nothing exported reaches: no export names them and
 * no module it loads requires them (a test helper compiled with the library, say). `skipped`:
 * directories that hold files, not modules (Lambda sources, charts).
 */
export function unreachableModules(
  packageDir: string,
  exports: Exports,
  skipped: readonly string[] = [],
): string[] {
  const entries = Object.values(exports)
    .map((target) => (typeof target === 'string' ? target : target.default))
    .filter((target): target is string => Boolean(target?.endsWith('.js')));
  const seen = new Set<string>();
  const pending = entries.map((entry) => join(packageDir, entry));
  while (pending.length > 0) {
    const file = pending.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/require\("(\.{1,2}\/[^"]*)"\)/g)) {
      const next = resolved(dirname(file), specifier);
      if (next) pending.push(next);
    }
  }
  return modulesIn(packageDir, skipped).filter((file) => !seen.has(join(packageDir, file)));
}

/** The source maps of a built package that point at sources they do not carry. */
export function mapsWithoutSources(packageDir: string): string[] {
  return readdirSync(packageDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js.map'))
    .filter((file) => {
      const map = JSON.parse(readFileSync(join(packageDir, file), 'utf8')) as {
        sources: string[];
        sourcesContent?: Array<string | null>;
      };
      return map.sources.some((_, index) => typeof map.sourcesContent?.[index] !== 'string');
    });
}
