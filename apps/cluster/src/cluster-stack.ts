import { Construct } from 'constructs';
import {
  EnvironmentConfig,
  eksRelease,
  NODE_GROUP_ROLES,
  NodeGroupRole,
  peerVpcCidrs,
  regionIndexOf,
  requireClusterSettings,
} from '@strata/config';
import {
  CLUSTER_CONTRACT,
  exportLayerContract,
  LayerStack,
  NETWORK_CONTRACT,
  readLayerContract,
} from '@strata/core';
import {
  ArnPrincipal,
  arnOf,
  CapacityType,
  clusterAutoscalerStatements,
  EksCluster,
  EksManagedAddons,
  KmsKey,
  ManagedNodeGroup,
  NodeGroupTaint,
  NodeRole,
  PodIdentityRole,
} from '@strata/constructs';
import {
  CLUSTER_AUTOSCALER_NAMESPACE,
  CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
} from '@strata/constructs/helm';

export interface ClusterStackProps {
  readonly environment: EnvironmentConfig;
  readonly region: string;
}

/** Spot nodes repel pods that did not opt in, so only interruption-tolerant work lands there. */
const SPOT_TAINTS: readonly NodeGroupTaint[] = [
  { key: 'strata.io/spot', value: 'true', effect: 'NO_SCHEDULE' },
];

/**
 * One region's EKS cluster: control plane, node groups, managed add-ons and the IAM the
 * add-ons stack builds on. The Helm releases live in AddonsStack, with separate state.
 */
export class ClusterStack extends LayerStack {
  readonly cluster: EksCluster;

  constructor(scope: Construct, id: string, props: ClusterStackProps) {
    super(scope, id, { environment: props.environment, layer: 'cluster', region: props.region });
    const env = props.environment;
    const settings = requireClusterSettings(env);
    const network = readLayerContract(this, 'network', NETWORK_CONTRACT, {
      environment: env,
      scope: props.region,
    });
    const clusterName = this.naming.prefix;
    const regionCidr = env.regions[regionIndexOf(env, props.region)].vpcCidr;

    this.cluster = new EksCluster(this, 'eks', {
      clusterName,
      kubernetesVersion: settings.kubernetesVersion,
      accountId: env.accountId,
      region: props.region,
      vpcId: network.vpcId,
      privateEndpointCidrs: [regionCidr, ...peerVpcCidrs(env, props.region)],
      subnetIds: network.privateSubnetIds,
      publicAccessCidrs: settings.publicAccessCidrs,
      adminRoleArns: [
        arnOf(this, { service: 'iam', region: '', resource: `role/${settings.adminRoleName}` }),
      ],
      logRetentionInDays: settings.controlPlaneLogRetentionDays,
      oidcProvider: settings.oidcProvider,
    });

    const volumeKey = new KmsKey(this, 'volume-key', {
      description: `EBS volumes of ${clusterName} nodes and persistent volumes`,
      alias: `${clusterName}-eks-volumes`,
      accountId: env.accountId,
    });
    // Auto Scaling launches the encrypted node volumes on behalf of the managed node groups.
    volumeKey.grantEncryptDecrypt(
      new ArnPrincipal(
        arnOf(this, {
          service: 'iam',
          region: '',
          resource: 'role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
        }),
      ),
      { sid: 'AutoScalingUsesKeyForNodeVolumes', allowGrants: true },
    );

    const nodeRole = new NodeRole(this, 'node-role', { roleName: `${clusterName}-node` });
    const nodeGroups = NODE_GROUP_ROLES.map((role: NodeGroupRole) => {
      const group = settings.nodeGroups[role];
      return new ManagedNodeGroup(this, `nodes-${role}`, {
        clusterName: this.cluster.clusterName,
        groupName: role,
        nodeRoleArn: nodeRole.roleArn,
        subnetIds: network.privateSubnetIds,
        instanceTypes: group.instanceTypes,
        capacityType: role === 'spot' ? CapacityType.SPOT : CapacityType.ON_DEMAND,
        minSize: group.minSize,
        maxSize: group.maxSize,
        desiredSize: group.desiredSize,
        diskSizeGib: group.diskSizeGib,
        volumeKmsKey: volumeKey,
        taints: role === 'spot' ? SPOT_TAINTS : undefined,
      });
    });

    new EksManagedAddons(this, 'managed-addons', {
      clusterName: this.cluster.clusterName,
      versions: eksRelease(settings.kubernetesVersion),
      kubernetesVersion: settings.kubernetesVersion,
      volumeKmsKey: volumeKey,
      nodes: nodeGroups.map((group) => group.resource),
    });

    const autoscalerRole = new PodIdentityRole(this, 'cluster-autoscaler-role', {
      roleName: `${clusterName}-cluster-autoscaler`,
      clusterName: this.cluster.clusterName,
      namespace: CLUSTER_AUTOSCALER_NAMESPACE,
      serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
      statements: clusterAutoscalerStatements(clusterName),
    });

    exportLayerContract(this, CLUSTER_CONTRACT, {
      clusterName: this.cluster.clusterName,
      kubernetesVersion: settings.kubernetesVersion,
      endpoint: this.cluster.endpoint,
      certificateAuthorityData: this.cluster.certificateAuthorityData,
      // Empty without an OIDC provider (cluster.oidcProvider off): no role uses IRSA then.
      oidcProviderArn: this.cluster.oidc?.providerArn ?? '',
      oidcIssuerUrl: this.cluster.oidc?.issuerUrl ?? '',
      nodeRoleArn: nodeRole.roleArn,
      clusterSecurityGroupId: this.cluster.clusterSecurityGroupId,
      controlPlaneSecurityGroupId: this.cluster.controlPlaneSecurityGroupId,
      volumeKmsKeyArn: volumeKey.keyArn,
      clusterAutoscalerRoleArn: autoscalerRole.roleArn,
    });
  }
}
