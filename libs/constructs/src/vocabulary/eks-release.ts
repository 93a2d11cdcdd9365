/**
 * The managed add-on versions tested against one EKS Kubernetes release (from
 * `aws eks describe-addon-versions --kubernetes-version X`).
 */
export interface EksRelease {
  readonly vpcCni: string;
  readonly coreDns: string;
  readonly kubeProxy: string;
  readonly ebsCsiDriver: string;
  readonly podIdentityAgent: string;
}
