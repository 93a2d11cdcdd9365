/**
 * A platform team's stack in its own repository, using Strata's construct library as an npm
 * package. Nothing here knows about Strata's environments or layers: the stack declares its
 * provider and the constructs take what they need from it (account, region and partition are
 * looked up at plan time).
 */
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  ArnPrincipal,
  awsEnvironmentOf,
  CapacityType,
  cloudWatchLogsKeyStatement,
  EksCluster,
  EksManagedAddons,
  eksRelease,
  KARPENTER_DISCOVERY_TAG,
  KarpenterInfrastructure,
  KmsKey,
  ManagedNodeGroup,
  NatStrategy,
  NodeRole,
  SecureBucket,
  ServiceRole,
  serviceTrustPolicy,
  Vpc,
} from '@strata/constructs';
import {
  addonContextOf,
  KARPENTER_NAMESPACE,
  KARPENTER_SERVICE_ACCOUNT,
  KarpenterAddon,
  KarpenterCrdAddon,
  KarpenterNodePoolsAddon,
  MetricsServerAddon,
} from '@strata/constructs/helm';
import { ClusterConnection } from '@strata/constructs/kubernetes';

const NAME = 'payments';

class PaymentsPlatformStack extends TerraformStack {
  /** `site`: a short name for the region, in every name that must be unique. */
  constructor(scope: Construct, id: string, region: string, site: string) {
    super(scope, id);
    const aws = new AwsProvider(this, 'aws', { region });
    // Looked up at plan time, so one stack class serves aws, aws-us-gov and aws-cn.
    const { account, partition } = awsEnvironmentOf(this);

    // One key for the team's logs and data; CloudWatch Logs may use it for this account.
    const key = new KmsKey(this, 'key', {
      description: `${NAME} platform data and logs`,
      alias: `${NAME}-platform`,
      additionalStatements: [cloudWatchLogsKeyStatement(region, account, partition)],
    });

    const vpc = new Vpc(this, 'vpc', {
      name: `${NAME}-${site}`,
      cidr: '10.42.0.0/16',
      azCount: 2,
      natStrategy: NatStrategy.SINGLE,
      flowLogKmsKey: key,
      // Karpenter launches the cluster's nodes into the subnets with its discovery tag.
      privateSubnetTags: { [KARPENTER_DISCOVERY_TAG]: `${NAME}-${site}` },
    });

    // A bucket a batch job reads: the grant writes the job role's policy and the key use.
    const reports = new SecureBucket(this, 'reports', {
      bucketName: `${NAME}-reports-${site}-example`,
      kmsKey: key,
    });
    const reader = new ServiceRole(this, 'report-reader', {
      roleName: `${NAME}-report-reader-${site}`,
      assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com', account),
    });
    reports.grantRead(reader);
    key.grantDecrypt(reader);

    const cluster = new EksCluster(this, 'cluster', {
      clusterName: `${NAME}-${site}`,
      kubernetesVersion: '1.35',
      vpc,
      publicAccessCidrs: [],
      adminRoleArns: [`arn:${partition}:iam::${account}:role/${NAME}-admin`],
    });
    // Karpenter runs on a small managed node group and launches every other node.
    const systemNodes = new ManagedNodeGroup(this, 'system-nodes', {
      clusterName: cluster.clusterName,
      groupName: 'system',
      nodeRoleArn: new NodeRole(this, 'system-node-role', {
        roleName: `${NAME}-system-node-${site}`,
      }).roleArn,
      subnetIds: vpc.privateSubnetIds,
      instanceTypes: ['m7i.large'],
      capacityType: CapacityType.ON_DEMAND,
      minSize: 2,
      maxSize: 3,
      desiredSize: 2,
      diskSizeGib: 30,
      volumeKmsKey: key,
    });
    // EksCluster turns EKS's default add-ons off: networking (VPC CNI, kube-proxy, the Pod
    // Identity agent), CoreDNS and the EBS CSI driver come from here, at pinned versions.
    const managedAddons = new EksManagedAddons(this, 'managed-addons', {
      clusterName: cluster.clusterName,
      versions: eksRelease(cluster.kubernetesVersion),
      kubernetesVersion: cluster.kubernetesVersion,
      volumeKmsKey: key,
      nodes: [systemNodes.resource],
    });
    // Auto Scaling launches the managed group's encrypted volumes with its service-linked role.
    key.grantEncryptDecrypt(
      new ArnPrincipal(
        `arn:${partition}:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
      ),
      { allowGrants: true },
    );
    const connection = new ClusterConnection(this, 'connection', cluster);
    // Every release waits for the nodes and EKS's add-ons: its pods need a ready node.
    const context = addonContextOf(this, cluster, {
      helmProvider: connection.helmProvider,
      awsProvider: aws,
      nodes: [systemNodes.resource, ...Object.values(managedAddons.addons)],
    });
    new MetricsServerAddon(this, 'metrics-server', { context });
    // Karpenter's controller role is bound to its service account by EKS Pod Identity: no
    // OIDC provider, and the trust names this cluster, namespace and service account.
    const karpenter = new KarpenterInfrastructure(this, 'karpenter-aws', {
      clusterName: cluster.clusterName,
      accountId: account,
      clusterSecurityGroupId: cluster.clusterSecurityGroupId,
      volumeKmsKey: key,
      namespace: KARPENTER_NAMESPACE,
      serviceAccount: KARPENTER_SERVICE_ACCOUNT,
    });
    new KarpenterCrdAddon(this, 'karpenter-crd', { context });
    // No Prometheus here: without its ServiceMonitor, Karpenter needs no kube-prometheus-stack.
    new KarpenterAddon(this, 'karpenter', {
      context,
      interruptionQueueName: karpenter.interruptionQueue.queueName,
      values: { serviceMonitor: { enabled: false } },
    });
    new KarpenterNodePoolsAddon(this, 'node-pools', {
      context,
      nodeRoleName: karpenter.nodeRole.roleName,
      volumeKmsKeyArn: key.keyArn,
      // Name and limits; every other field has a default (NODE_POOL_DEFAULTS).
      nodePools: [
        {
          name: 'general',
          architectures: ['arm64'],
          instanceCategories: ['m', 'c'],
          minInstanceGeneration: 7,
          cpuLimit: 64,
          memoryLimitGib: 256,
        },
      ],
    });
  }
}

const app = new App();
// One stack per partition: commercial, GovCloud and China.
new PaymentsPlatformStack(app, 'payments-platform', 'eu-west-1', 'euw1');
new PaymentsPlatformStack(app, 'payments-platform-us-gov', 'us-gov-west-1', 'gov-w1');
new PaymentsPlatformStack(app, 'payments-platform-cn', 'cn-northwest-1', 'cnnw1');
app.synth();
