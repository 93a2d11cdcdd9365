import { defineLayerContract } from './layer-contract';

/** What the cluster stack exports for the add-ons stack and the observability and edge layers. */
export const CLUSTER_CONTRACT = defineLayerContract({
  layer: 'cluster',
  outputs: {
    clusterName: { kind: 'string', description: 'EKS cluster name' },
    kubernetesVersion: {
      kind: 'string',
      description: 'Kubernetes minor version of the control plane',
    },
    endpoint: { kind: 'string', description: 'Kubernetes API endpoint (private)' },
    certificateAuthorityData: {
      kind: 'string',
      description: 'Base64 PEM of the cluster certificate authority',
    },
    oidcProviderArn: {
      kind: 'string',
      description: 'IAM OIDC provider for IRSA; empty unless cluster.oidcProvider',
    },
    oidcIssuerUrl: {
      kind: 'string',
      description: 'OIDC issuer URL, with https://; empty unless cluster.oidcProvider',
    },
    nodeRoleArn: { kind: 'string', description: 'IAM role of the system managed node group' },
    clusterSecurityGroupId: {
      kind: 'string',
      description: 'Security group EKS attaches to the control plane and the nodes',
    },
    controlPlaneSecurityGroupId: {
      kind: 'string',
      description: 'Extra security group of the API endpoint (Strata-managed rules)',
    },
    volumeKmsKeyArn: { kind: 'string', description: 'KMS key for node and persistent volumes' },
    karpenterNodeRoleName: {
      kind: 'string',
      description: "IAM role of Karpenter's nodes (its EC2NodeClass names it)",
    },
    karpenterInterruptionQueueName: {
      kind: 'string',
      description: 'SQS queue of the interruption notices Karpenter acts on',
    },
  },
});

export type ClusterContract = typeof CLUSTER_CONTRACT;
