/** The Kubernetes minor versions (1.x) a release of an add-on is announced for. */
export interface KubernetesSupport {
  /** The oldest minor version (1.x). */
  readonly min: number;
  /** The newest minor version (1.x). */
  readonly max: number;
}

/**
 * Fails synth for a cluster version outside what `release` is announced for, so moving the
 * cluster ahead of an add-on stops at `cdktf synth`, not in a running cluster.
 * @param release the add-on and its version as people know them, e.g. `Istio 1.30.3`
 */
export function checkKubernetesSupport(
  release: string,
  support: KubernetesSupport,
  kubernetesVersion: string,
): void {
  const minor = Number(kubernetesVersion.split('.')[1]);
  if (!(minor >= support.min && minor <= support.max)) {
    throw new Error(
      `${release} supports Kubernetes 1.${support.min} to 1.${support.max}; the cluster runs ${kubernetesVersion}`,
    );
  }
}
