import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { exampleEnvironment, findWorkspaceRoot, markdownTable } from '@strata/config';
import { resourcesOfType, synthesizeStack } from '@strata/core';
import { gatewayApiManifestFixture } from '@strata/constructs/testing';
import { ADDON_NAMESPACES } from './addon-namespaces';
import { AddonsStack } from './addons-stack';

const readme = readFileSync(join(findWorkspaceRoot(), 'docs', 'cluster.md'), 'utf8');

const table = (first: string) => markdownTable(readme, first);

describe('docs/cluster.md add-on table', () => {
  it('lists every release the addons stack installs, at its version and namespace', () => {
    const json = synthesizeStack(
      new AddonsStack(Testing.app(), 'addons-prod-us-east-1', {
        environment: exampleEnvironment(),
        region: 'us-east-1',
        gatewayApiManifest: gatewayApiManifestFixture(),
      }),
    );
    const releases = Object.values(resourcesOfType(json, 'helm_release')).map((release) => [
      release.name,
      release.version,
      release.namespace,
    ]);
    const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(
      table('Release')
        .map(([name, , version, namespace]) => [name, version, namespace])
        .sort(byName),
    ).toEqual(releases.sort(byName));
  });

  it("states each add-on namespace's Pod Security level", () => {
    const stated = new Map(
      table('Namespace').flatMap(([names, level]) =>
        names.split(',').map((name) => [name.trim(), level] as const),
      ),
    );
    for (const namespace of ADDON_NAMESPACES) {
      expect([namespace.name, stated.get(namespace.name)]).toEqual([
        namespace.name,
        namespace.podSecurity,
      ]);
    }
  });
});
