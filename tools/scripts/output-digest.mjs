// Prints one sha256 over the files under each path given (relative path and content, in path
// order; "absent" for a path that does not exist): the Nx `runtime` input that keys the engine
// checks and the emulator flow by what they read, the synthesized stacks and their own bundle,
// instead of the TypeScript sources. A runtime input is computed when the task is hashed, with
// or without --excludeTaskDependencies; Nx's `dependentTasksOutputFiles` is not (the excluded
// synth tasks' outputs are then left out of the hash).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const hash = createHash('sha256');
for (const root of process.argv.slice(2)) {
  hash.update(`${root}\0`);
  if (!existsSync(root)) {
    hash.update('absent\0');
    continue;
  }
  const files = statSync(root).isFile()
    ? [root]
    : readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name))
        .sort();
  for (const file of files) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
}
console.log(hash.digest('hex'));
