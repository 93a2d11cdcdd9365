import { Construct } from 'constructs';
import { ClusterOidc } from './irsa-role';

/** An EKS cluster as other constructs use it: defined in this stack or imported. */
export interface ICluster {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** Control plane minor version, e.g. `1.34`: add-ons pin their versions to it. */
  readonly kubernetesVersion: string;
  /** The VPC the cluster runs in. */
  readonly vpcId: string;
  /** The API server's URL. */
  readonly endpoint: string;
  /** The API server's CA bundle, base64-encoded as EKS returns it. */
  readonly certificateAuthorityData: string;
  /** The IRSA identity, when the cluster has an OIDC provider. @default none */
  readonly oidc?: ClusterOidc;
}

/** What `EksCluster.fromClusterAttributes` takes: the cluster's facts, from outputs or lookups. */
export type ClusterAttributes = ICluster;

/** A cluster made elsewhere (another stack or repository), referenced by its attributes. */
export class ImportedCluster extends Construct implements ICluster {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  readonly kubernetesVersion: string;
  /** The VPC the cluster runs in. */
  readonly vpcId: string;
  readonly endpoint: string;
  readonly certificateAuthorityData: string;
  readonly oidc?: ClusterOidc;

  constructor(scope: Construct, id: string, attributes: ClusterAttributes) {
    super(scope, id);
    this.clusterName = attributes.clusterName;
    this.kubernetesVersion = attributes.kubernetesVersion;
    this.vpcId = attributes.vpcId;
    this.endpoint = attributes.endpoint;
    this.certificateAuthorityData = attributes.certificateAuthorityData;
    this.oidc = attributes.oidc;
  }
}
