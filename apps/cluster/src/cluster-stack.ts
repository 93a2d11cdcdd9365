import { Construct } from 'constructs';
import {
  EnvironmentConfig,
  eksRelease,
  CLUSTER_ADMIN_LAYERS,
  githubRoleName,
  humanRoleName,
  peerVpcCidrs,
  regionIndexOf,
  requireClusterSettings,
  standardTags,
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
  roleArn,
  CapacityType,
  EksCluster,
  EksManagedAddons,
  grantSessionLogging,
  KarpenterInfrastructure,
  KmsKey,
  ManagedNodeGroup,
  NodeImageRefresh,
  MetricsWorkspace,
  NodeRole,
  Vpc,
} from '@strata/constructs';
import { KARPENTER_NAMESPACE, KARPENTER_SERVICE_ACCOUNT } from '@strata/constructs/helm';
import { sessionKeyAlias, sessionLogGroupName } from '@strata/constructs/vocabulary';
import { ComponentImages } from './component-images';

export interface ClusterStackProps {
  readonly environment: EnvironmentConfig;
  readonly region: string;
}

/**
 * One region's EKS cluster: control plane, the system node group, what Karpenter needs to
 * launch the rest, managed add-ons and the IAM the add-ons stack builds on. The Helm releases live in AddonsStack, with separate state.
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
    const clusterName = this.naming.clusterName;
    const regionCidr = env.regions[regionIndexOf(env, props.region)].vpcCidr;

    // The network layer's VPC; its range as the environment file gives it (the same value).
    const vpc = Vpc.fromVpcAttributes(this, 'vpc', {
      vpcId: network.vpcId,
      vpcCidr: regionCidr,
      availabilityZones: network.availabilityZones,
      publicSubnetIds: network.publicSubnetIds,
      privateSubnetIds: network.privateSubnetIds,
      dataSubnetIds: network.dataSubnetIds,
    });
    this.cluster = new EksCluster(this, 'eks', {
      clusterName,
      kubernetesVersion: settings.kubernetesVersion,
      accountId: env.accountId,
      region: props.region,
      vpc,
      privateEndpointCidrs: [regionCidr, ...peerVpcCidrs(env, props.region)],
      publicAccessCidrs: settings.publicAccessCidrs,
      // The delivery workflows reach the private endpoint from runners in the VPC: the apply
      // roles of the layers that change Kubernetes objects administer the cluster, the plan
      // role only reads it.
      adminRoleArns: [
        roleArn(this, settings.adminRoleName),
        ...(env.delivery.githubRepository
          ? CLUSTER_ADMIN_LAYERS.map((layer) => roleArn(this, githubRoleName(env, 'apply', layer)))
          : []),
        // People, with MFA (the state stack's roles); last, so existing entries keep their ids.
        roleArn(this, humanRoleName(env, 'operator')),
      ],
      viewRoleArns: [
        ...(env.delivery.githubRepository ? [roleArn(this, githubRoleName(env, 'plan'))] : []),
        roleArn(this, humanRoleName(env, 'viewer')),
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
    // Karpenter and the system pods; Karpenter launches every other node.
    const system = settings.nodeGroups.system;
    const systemNodes = new ManagedNodeGroup(this, 'nodes-system', {
      clusterName: this.cluster.clusterName,
      groupName: 'system',
      nodeRoleArn: nodeRole.roleArn,
      subnetIds: [...vpc.privateSubnetIds],
      instanceTypes: system.instanceTypes,
      capacityType: CapacityType.ON_DEMAND,
      minSize: system.minSize,
      maxSize: system.maxSize,
      desiredSize: system.desiredSize,
      diskSizeGib: system.diskSizeGib,
      volumeKmsKey: volumeKey,
      // The instances and volumes carry them too: cost reports see the nodes, and the
      // operator's shells are limited to this environment's.
      instanceTags: standardTags(env, 'cluster'),
    });

    // Karpenter's nodes follow each image release through drift; the system group on a schedule.
    if (settings.nodeImageVersion === 'latest') {
      new NodeImageRefresh(this, 'system-image-refresh', {
        name: `${clusterName}-system-image-refresh`,
        clusterName: this.cluster.clusterName,
        nodeGroupName: systemNodes.nodeGroupName,
        schedule: settings.systemNodeImageRefresh,
      });
    }

    new EksManagedAddons(this, 'managed-addons', {
      clusterName: this.cluster.clusterName,
      versions: eksRelease(settings.kubernetesVersion),
      kubernetesVersion: settings.kubernetesVersion,
      volumeKmsKey: volumeKey,
      nodes: [systemNodes.resource],
    });

    const karpenter = new KarpenterInfrastructure(this, 'karpenter', {
      clusterName: this.cluster.clusterName,
      accountId: env.accountId,
      clusterSecurityGroupId: this.cluster.clusterSecurityGroupId,
      volumeKmsKey: volumeKey,
      namespace: KARPENTER_NAMESPACE,
      serviceAccount: KARPENTER_SERVICE_ACCOUNT,
    });

    // A person's shell on any node is streamed to the environment's session log group.
    const sessionLogGroupArn = arnOf(this, {
      service: 'logs',
      resource: `log-group:${sessionLogGroupName(env.name)}`,
    });
    // Its data is decrypted with the data layer's session key, found by its alias.
    for (const role of [nodeRole, karpenter.nodeRole])
      grantSessionLogging(role, sessionLogGroupArn, sessionKeyAlias(this.naming));

    new ComponentImages(this, 'component-images', {
      environment: env,
      region: props.region,
      naming: this.naming,
    });

    // Long-term metrics: one workspace, in the primary region, for every region's aggregates.
    const metrics =
      settings.monitoring.longTermRetentionDays > 0 && regionIndexOf(env, props.region) === 0
        ? new MetricsWorkspace(this, 'metrics', {
            alias: this.naming.name('metrics'),
            retentionDays: settings.monitoring.longTermRetentionDays,
            kmsKey: new KmsKey(this, 'metrics-key', {
              description: `Long-term metrics of ${env.project} ${env.name}`,
              alias: this.naming.name('metrics'),
              accountId: env.accountId,
              usableOnlyVia: [`aps.${props.region}.amazonaws.com`],
            }),
            logKmsKey: this.cluster.secretsKey,
          })
        : undefined;

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
      karpenterNodeRoleName: karpenter.nodeRole.roleName,
      karpenterInterruptionQueueName: karpenter.interruptionQueue.queueName,
      metricsWorkspaceArn: metrics?.workspaceArn ?? '',
      metricsRemoteWriteUrl: metrics?.remoteWriteUrl ?? '',
      metricsQueryUrl: metrics?.queryUrl ?? '',
    });
  }
}
