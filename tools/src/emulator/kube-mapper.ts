import { KubeAccess, kubeRequest } from './kube-api';

interface ResourceList {
  readonly resources: ReadonlyArray<{ name: string; kind: string; namespaced: boolean }>;
}

/** Where objects of a kind live in the API: the REST path of one object, from discovery. */
export class KubeMapper {
  private readonly cache = new Map<string, ResourceList['resources']>();

  constructor(private readonly access: KubeAccess) {}

  /**
   * The path of an object (`/apis/apps/v1/namespaces/x/deployments/y`), or an error naming
   * the kind when the API server does not serve it (a custom resource before its CRD).
   */
  async objectPath(
    apiVersion: string,
    kind: string,
    name: string,
    namespace: string | undefined,
  ): Promise<{ path: string; namespaced: boolean }> {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    let resources = this.cache.get(base);
    if (!resources) {
      const response = await kubeRequest<ResourceList>(this.access, 'GET', base);
      if (response.status !== 200)
        throw new Error(`the API server serves no ${apiVersion} (is its CRD installed?)`);
      resources = response.body.resources;
      this.cache.set(base, resources);
    }
    const resource = resources.find(
      (candidate) => candidate.kind === kind && !candidate.name.includes('/'),
    );
    if (!resource) throw new Error(`the API server serves no ${kind} in ${apiVersion}`);
    if (resource.namespaced && !namespace)
      throw new Error(`${kind} ${name} is namespaced but names no namespace`);
    const scope = resource.namespaced ? `/namespaces/${namespace}` : '';
    return { path: `${base}${scope}/${resource.name}/${name}`, namespaced: resource.namespaced };
  }

  /** Forgets discovery, e.g. after CRDs were installed. */
  reset(): void {
    this.cache.clear();
  }
}
