import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The layer apps of the workspace: every project under apps/ with a synth target. */
export function layerApps(root: string): string[] {
  return readdirSync(join(root, 'apps')).filter((app) => {
    const project = join(root, 'apps', app, 'project.json');
    return existsSync(project) && 'synth' in JSON.parse(readFileSync(project, 'utf8')).targets;
  });
}
