import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { PackageManifest, publishOrder, siblingMismatches } from './publish-order';

const root = findWorkspaceRoot(__dirname);
const libraries = readdirSync(join(root, 'libs')).map(
  (lib) =>
    JSON.parse(readFileSync(join(root, 'libs', lib, 'package.json'), 'utf8')) as PackageManifest,
);

describe('the release order', () => {
  it('publishes every library after the siblings it depends on', () => {
    const order = publishOrder(libraries).map((manifest) => manifest.name);
    expect([...order].sort()).toEqual(libraries.map((manifest) => manifest.name).sort());
    for (const manifest of libraries)
      for (const dependency of Object.keys(manifest.dependencies ?? {}))
        if (order.includes(dependency))
          expect([manifest.name, order.indexOf(dependency) < order.indexOf(manifest.name)]).toEqual(
            [manifest.name, true],
          );
  });

  it('refuses a cycle, naming it', () => {
    const a = { name: '@x/a', version: '1.0.0', dependencies: { '@x/b': '1.0.0' } };
    const b = { name: '@x/b', version: '1.0.0', dependencies: { '@x/a': '1.0.0' } };
    expect(() => publishOrder([a, b])).toThrow('in a cycle: @x/a -> @x/b -> @x/a');
  });

  it("holds the libraries' own sibling versions in step, and names one that is not", () => {
    expect(siblingMismatches(libraries)).toEqual([]);
    const behind = libraries.map((manifest) =>
      manifest.name === '@strata/config' ? { ...manifest, version: '9.9.9' } : manifest,
    );
    expect(siblingMismatches(behind)).toEqual(
      libraries
        .filter((manifest) => manifest.dependencies?.['@strata/config'])
        .map(
          (manifest) =>
            `${manifest.name}@${manifest.version} depends on @strata/config@${manifest.dependencies?.['@strata/config']}, but the release holds @strata/config@9.9.9`,
        ),
    );
  });
});
