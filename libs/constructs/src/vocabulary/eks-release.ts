/**
 * Every version bound to one EKS Kubernetes release: the managed add-ons tested against it
 * (from `aws eks describe-addon-versions --kubernetes-version X`), kube-proxy matching the
 * control plane's minor version. One row per release, so a release cannot be
 * supported by one pin and missing from another.
 */
export interface EksRelease {
  /** The Amazon VPC CNI add-on's version. */
  readonly vpcCni: string;
  /** CoreDNS's version. */
  readonly coreDns: string;
  /** Follows the control plane: its minor version is the release's. */
  readonly kubeProxy: string;
  /** The EBS CSI driver's version. */
  readonly ebsCsiDriver: string;
  /** The Pod Identity agent's version. */
  readonly podIdentityAgent: string;
}

/**
 * The EKS releases Strata supports, each with every version bound to it (the managed
 * add-ons): the one table for version-bound pins.
 * Upgrading Kubernetes means adding a row here first (versions from
 * `aws eks describe-addon-versions --kubernetes-version X`), then changing the environment.
 */
export const EKS_RELEASES: Readonly<Record<string, EksRelease>> = {
  '1.33': {
    vpcCni: 'v1.20.4-eksbuild.1',
    coreDns: 'v1.12.1-eksbuild.2',
    kubeProxy: 'v1.33.3-eksbuild.4',
    ebsCsiDriver: 'v1.48.0-eksbuild.1',
    podIdentityAgent: 'v1.3.8-eksbuild.2',
  },
  '1.34': {
    vpcCni: 'v1.20.4-eksbuild.1',
    coreDns: 'v1.12.3-eksbuild.1',
    kubeProxy: 'v1.34.0-eksbuild.2',
    ebsCsiDriver: 'v1.48.0-eksbuild.1',
    podIdentityAgent: 'v1.3.8-eksbuild.2',
  },
  '1.35': {
    vpcCni: 'v1.21.1-eksbuild.3',
    coreDns: 'v1.13.2-eksbuild.1',
    kubeProxy: 'v1.35.0-eksbuild.2',
    ebsCsiDriver: 'v1.51.1-eksbuild.1',
    podIdentityAgent: 'v1.3.9-eksbuild.5',
  },
};

/** The versions bound to a Kubernetes release; throws naming the supported ones otherwise. */
export function eksRelease(kubernetesVersion: string): EksRelease {
  const release = EKS_RELEASES[kubernetesVersion];
  if (!release) {
    throw new Error(
      `Kubernetes ${kubernetesVersion} is not a supported EKS release (supported: ${Object.keys(EKS_RELEASES).join(', ')})`,
    );
  }
  return release;
}
