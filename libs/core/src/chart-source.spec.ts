import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHART_MIRROR_ENV,
  fetchManifest,
  MANIFEST_MIRROR_ENV,
  resolveChartArchive,
} from './chart-source';

const chart = {
  chart: 'vault',
  repository: 'https://helm.releases.hashicorp.com',
  version: '0.31.0',
};

function mirror(entries: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-mirror-'));
  writeFileSync(join(dir, 'index.yaml'), `apiVersion: v1\nentries:\n${entries}`);
  return dir;
}

/** A stand-in for helm that fails the way `helm pull` does without a network. */
function failingHelm(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'strata-helm-')), 'helm');
  writeFileSync(
    file,
    '#!/bin/sh\necho "Error: looks like the repository is not reachable" >&2\nexit 1\n',
  );
  chmodSync(file, 0o755);
  return file;
}

describe('resolveChartArchive', () => {
  it('finds the exact version in the mirror through its index', () => {
    const dir = mirror('  vault:\n    - version: 0.31.0\n      urls: [vault-0.31.0.tgz]\n');
    writeFileSync(join(dir, 'vault-0.31.0.tgz'), '');
    expect(resolveChartArchive(chart, 'helm', { [CHART_MIRROR_ENV]: dir }).path).toBe(
      join(dir, 'vault-0.31.0.tgz'),
    );
  });

  it('names chart, version, repository and the setting when the mirror lacks it', () => {
    const dir = mirror('  vault:\n    - version: 0.30.0\n      urls: [vault-0.30.0.tgz]\n');
    expect(() => resolveChartArchive(chart, 'helm', { [CHART_MIRROR_ENV]: dir })).toThrow(
      `Chart vault 0.31.0 (repository https://helm.releases.hashicorp.com) is not in the chart mirror STRATA_CHART_MIRROR=${dir}`,
    );
  });

  it('names chart, version, repository and the setting when the index lists a missing archive', () => {
    const dir = mirror('  vault:\n    - version: 0.31.0\n      urls: [vault-0.31.0.tgz]\n');
    expect(() => resolveChartArchive(chart, 'helm', { [CHART_MIRROR_ENV]: dir })).toThrow(
      `Chart vault 0.31.0 (repository https://helm.releases.hashicorp.com): the chart mirror STRATA_CHART_MIRROR=${dir} lists vault-0.31.0.tgz in its index.yaml, which does not exist`,
    );
  });

  it('pulls from the repository without a mirror, and names the setting when that fails', () => {
    const cache = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    expect(() => resolveChartArchive(chart, failingHelm(), { STRATA_CACHE_DIR: cache })).toThrow(
      /Chart vault 0\.31\.0 \(repository https:\/\/helm\.releases\.hashicorp\.com\) could not be pulled \(Error: looks like the repository is not reachable\); set STRATA_CHART_MIRROR/,
    );
  });
});

/** A stand-in for helm that records its arguments and "pulls" an empty archive. */
function recordingHelm(log: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'strata-helm-')), 'helm');
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      `echo "$@" > ${log}`,
      'while [ "$1" != "--destination" ]; do shift; done',
      'touch "$2/karpenter-1.14.1.tgz"',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

describe('resolveChartArchive from an OCI registry', () => {
  it('names the chart in the registry reference, as helm pull needs for OCI', () => {
    const cache = mkdtempSync(join(tmpdir(), 'strata-cache-'));
    const log = join(cache, 'args');
    const oci = {
      chart: 'karpenter',
      repository: 'oci://public.ecr.aws/karpenter',
      version: '1.14.1',
    };
    const resolved = resolveChartArchive(oci, recordingHelm(log), { STRATA_CACHE_DIR: cache });
    expect(readFileSync(log, 'utf8')).toMatch(
      /^pull oci:\/\/public\.ecr\.aws\/karpenter\/karpenter --version 1\.14\.1 --destination /,
    );
    expect(resolved.path).toMatch(/karpenter-1\.14\.1\.tgz$/);
  });
});

describe('fetchManifest', () => {
  const manifest = {
    name: 'gateway-api',
    version: 'v1.6.1',
    file: 'standard-install.yaml',
    url: 'https://example.invalid/standard-install.yaml',
  };

  it('reads the manifest from the mirror, and names the setting when it is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-manifests-'));
    await expect(fetchManifest(manifest, { [MANIFEST_MIRROR_ENV]: dir })).rejects.toThrow(
      `Manifest gateway-api v1.6.1 (standard-install.yaml) is not in the manifest mirror STRATA_MANIFEST_MIRROR=${dir}`,
    );
    mkdirSync(join(dir, 'gateway-api-v1.6.1'));
    writeFileSync(join(dir, 'gateway-api-v1.6.1', 'standard-install.yaml'), 'kind: List\n');
    expect((await fetchManifest(manifest, { [MANIFEST_MIRROR_ENV]: dir })).path).toBe(
      join(dir, 'gateway-api-v1.6.1', 'standard-install.yaml'),
    );
  });
});
