import type { EksRelease } from '@strata/constructs/vocabulary';

export type { EksRelease };

/**
 * The EKS releases Strata supports, each with the managed add-on versions tested against it.
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
};

export function eksRelease(kubernetesVersion: string): EksRelease {
  const release = EKS_RELEASES[kubernetesVersion];
  if (!release) {
    throw new Error(
      `Kubernetes ${kubernetesVersion} is not a supported EKS release (supported: ${Object.keys(EKS_RELEASES).join(', ')})`,
    );
  }
  return release;
}
