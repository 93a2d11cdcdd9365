import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { stringify } from 'yaml';
import { DirectoryAsset } from '../../assets/directory-asset';
import { stagedDirectory } from '../../assets/staged-directory';
import { AddonProps } from '../addon-context';
import { HelmAddon } from '../helm-addon';

/** The Gateway API release's version, spelled once (Renovate updates it here). */
const GATEWAY_API_VERSION = 'v1.6.1';

/**
 * The Kubernetes Gateway API release the front door uses (standard channel). The project
 * publishes CRDs as a release manifest, not as a chart.
 */
export const GATEWAY_API_RELEASE = {
  /** The release's name (the mirror directory's prefix). */
  name: 'gateway-api',
  /** Its version. */
  version: GATEWAY_API_VERSION,
  /** The manifest file (the standard channel). */
  file: 'standard-install.yaml',
  /** Where it is downloaded from. */
  url: `https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml`,
} as const;

/** The chart wraps the manifest and has no values. */
export type GatewayApiCrdsValues = Record<string, never>;

/** Properties of {@link GatewayApiCrdsAddon}. */
export interface GatewayApiCrdsProps extends AddonProps<GatewayApiCrdsValues> {
  /** The release manifest on disk (see `fetchManifest` in @strata/core). */
  readonly manifestFile: string;
}

/**
 * Wraps the release manifest in a chart, once per process: the objects go in `templates/`
 * (not `crds/`, which Helm never upgrades) and are kept on uninstall, because deleting a CRD
 * deletes every Gateway and route in the cluster.
 */
function stageChart(manifestFile: string): string {
  return stagedDirectory(`gateway-api:${manifestFile}`, (directory) => {
    // js-yaml reads the 1 MB manifest in a seventh of the time `yaml` takes, to the same
    // objects (YAML 1.2 core schema, as `yaml` reads it); `yaml` still writes the chart.
    const documents = loadAll(readFileSync(manifestFile, 'utf8'), null, {
      schema: CORE_SCHEMA,
    }).filter(
      (object): object is Record<string, unknown> => !!object && typeof object === 'object',
    );
    if (!documents.some((object) => object.kind === 'CustomResourceDefinition')) {
      throw new Error(`${manifestFile} holds no CustomResourceDefinition`);
    }
    const kept = documents.map((object) => {
      const metadata = (object.metadata ?? {}) as Record<string, unknown>;
      const annotations = (metadata.annotations ?? {}) as Record<string, string>;
      return {
        ...object,
        metadata: {
          ...metadata,
          annotations: { ...annotations, 'helm.sh/resource-policy': 'keep' },
        },
      };
    });
    mkdirSync(join(directory, 'templates'));
    writeFileSync(
      join(directory, 'Chart.yaml'),
      stringify({
        apiVersion: 'v2',
        name: GatewayApiCrdsAddon.ADDON_NAME,
        description: `Kubernetes Gateway API ${GATEWAY_API_RELEASE.version} CRDs (standard channel)`,
        version: GATEWAY_API_RELEASE.version.replace(/^v/, ''),
        appVersion: GATEWAY_API_RELEASE.version,
      }),
    );
    // js-yaml's objects share no references, so looking for repeats to alias (yaml's default)
    // finds none and only costs time.
    const rendered = kept
      .map((object) => `---\n${stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })}`)
      .join('');
    // Helm evaluates templates/: a Go template marker in a description would be rendered.
    if (rendered.includes('{{')) {
      throw new Error(`${manifestFile} holds "{{", which Helm would evaluate as a template`);
    }
    writeFileSync(join(directory, 'templates', 'crds.yaml'), rendered);
  });
}

/** The Gateway API CRDs: the front door's Gateway and routes are Gateway API objects. */
export class GatewayApiCrdsAddon extends HelmAddon<GatewayApiCrdsValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'gateway-api-crds';

  constructor(scope: Construct, id: string, props: GatewayApiCrdsProps) {
    const asset = new DirectoryAsset(scope, `chart-${GatewayApiCrdsAddon.ADDON_NAME}`, {
      path: stageChart(props.manifestFile),
    });
    super(scope, id, {
      addonName: GatewayApiCrdsAddon.ADDON_NAME,
      namespace: 'kube-system',
      chart: { chart: asset.path, version: GATEWAY_API_RELEASE.version.replace(/^v/, '') },
      values: {},
      context: props.context,
    });
  }
}
