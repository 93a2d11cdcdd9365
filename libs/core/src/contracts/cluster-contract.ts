import { defineLayerContract, contractOutput } from './layer-contract';

/** What the cluster stack exports for the add-ons stack and the observability and edge layers. */
export const CLUSTER_CONTRACT = defineLayerContract({
  layer: 'cluster',
  outputs: {
    clusterName: contractOutput('string', 'EKS cluster name'),
    kubernetesVersion: contractOutput('string', 'Kubernetes minor version of the control plane'),
    endpoint: contractOutput('string', 'Kubernetes API endpoint (private)'),
    certificateAuthorityData: contractOutput(
      'string',
      'Base64 PEM of the cluster certificate authority',
    ),
    oidcProviderArn: contractOutput(
      'string',
      'IAM OIDC provider for IRSA; empty unless cluster.oidcProvider',
    ),
    oidcIssuerUrl: contractOutput(
      'string',
      'OIDC issuer URL, with https://; empty unless cluster.oidcProvider',
    ),
    nodeRoleArn: contractOutput('string', 'IAM role of the system managed node group'),
    clusterSecurityGroupId: contractOutput(
      'string',
      'Security group EKS attaches to the control plane and the nodes',
    ),
    controlPlaneSecurityGroupId: contractOutput(
      'string',
      'Extra security group of the API endpoint (Strata-managed rules)',
    ),
    volumeKmsKeyArn: contractOutput('string', 'KMS key for node and persistent volumes'),
    karpenterNodeRoleName: contractOutput(
      'string',
      "IAM role of Karpenter's nodes (its EC2NodeClass names it)",
    ),
    karpenterInterruptionQueueName: contractOutput(
      'string',
      'SQS queue of the interruption notices Karpenter acts on',
    ),
  },
});

/** The type of the cluster layer's contract. */
export type ClusterContract = typeof CLUSTER_CONTRACT;
