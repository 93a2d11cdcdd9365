import { defineLayerContract, contractOutput } from './layer-contract';

/** What the cluster stack exports for the add-ons stack and the observability and edge layers. */
export const CLUSTER_CONTRACT = defineLayerContract({
  layer: 'cluster',
  outputs: {
    /** EKS cluster name. */
    clusterName: contractOutput('string', 'EKS cluster name'),
    /** Kubernetes minor version of the control plane. */
    kubernetesVersion: contractOutput('string', 'Kubernetes minor version of the control plane'),
    /** Kubernetes API endpoint (private). */
    endpoint: contractOutput('string', 'Kubernetes API endpoint (private)'),
    /** Base64 PEM of the cluster certificate authority. */
    certificateAuthorityData: contractOutput(
      'string',
      'Base64 PEM of the cluster certificate authority',
    ),
    /** IAM OIDC provider for IRSA; empty unless cluster.oidcProvider. */
    oidcProviderArn: contractOutput(
      'string',
      'IAM OIDC provider for IRSA; empty unless cluster.oidcProvider',
    ),
    /** OIDC issuer URL, with https://; empty unless cluster.oidcProvider. */
    oidcIssuerUrl: contractOutput(
      'string',
      'OIDC issuer URL, with https://; empty unless cluster.oidcProvider',
    ),
    /** IAM role of the system managed node group. */
    nodeRoleArn: contractOutput('string', 'IAM role of the system managed node group'),
    /** Security group EKS attaches to the control plane and the nodes. */
    clusterSecurityGroupId: contractOutput(
      'string',
      'Security group EKS attaches to the control plane and the nodes',
    ),
    /** Extra security group of the API endpoint (Strata-managed rules). */
    controlPlaneSecurityGroupId: contractOutput(
      'string',
      'Extra security group of the API endpoint (Strata-managed rules)',
    ),
    /** KMS key for node and persistent volumes. */
    volumeKmsKeyArn: contractOutput('string', 'KMS key for node and persistent volumes'),
    /** IAM role of Karpenter's nodes (its EC2NodeClass names it). */
    karpenterNodeRoleName: contractOutput(
      'string',
      "IAM role of Karpenter's nodes (its EC2NodeClass names it)",
    ),
    /** SQS queue of the interruption notices Karpenter acts on. */
    karpenterInterruptionQueueName: contractOutput(
      'string',
      'SQS queue of the interruption notices Karpenter acts on',
    ),
    /** The long-term metrics workspace (primary region only; empty elsewhere or without one). */
    metricsWorkspaceArn: contractOutput(
      'string',
      'The long-term metrics workspace (primary region only; empty elsewhere or without one)',
    ),
    /** Where every region's Prometheus remote-writes its aggregates (empty without a workspace). */
    metricsRemoteWriteUrl: contractOutput(
      'string',
      "Where every region's Prometheus remote-writes its aggregates (empty without a workspace)",
    ),
    /** The workspace's query endpoint, Grafana's long-term data source (empty without one). */
    metricsQueryUrl: contractOutput(
      'string',
      "The workspace's query endpoint, Grafana's long-term data source (empty without one)",
    ),
  },
});

/** The type of the cluster layer's contract. */
export type ClusterContract = typeof CLUSTER_CONTRACT;
