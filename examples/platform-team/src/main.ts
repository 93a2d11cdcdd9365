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
  awsEnvironmentOf,
  cloudWatchLogsKeyStatement,
  clusterAutoscalerStatements,
  EksCluster,
  eksRelease,
  KmsKey,
  NatStrategy,
  PodIdentityRole,
  SecureBucket,
  ServiceRole,
  serviceTrustPolicy,
  Vpc,
} from '@strata/constructs';
import {
  AddonContext,
  CLUSTER_AUTOSCALER_NAMESPACE,
  CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
  ClusterAutoscalerAddon,
  MetricsServerAddon,
} from '@strata/constructs/helm';
import { ClusterConnection } from '@strata/constructs/kubernetes';

const NAME = 'payments';

class PaymentsPlatformStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const aws = new AwsProvider(this, 'aws', { region: 'eu-west-1' });
    const { account, region, partition } = awsEnvironmentOf(this);

    // One key for the team's logs and data; CloudWatch Logs may use it for this account.
    const key = new KmsKey(this, 'key', {
      description: `${NAME} platform data and logs`,
      alias: `${NAME}-platform`,
      additionalStatements: [cloudWatchLogsKeyStatement(region, account, partition)],
    });

    const vpc = new Vpc(this, 'vpc', {
      name: `${NAME}-euw1`,
      cidr: '10.42.0.0/16',
      azCount: 2,
      natStrategy: NatStrategy.SINGLE,
      flowLogKmsKey: key,
    });

    // A bucket a batch job reads: the grant writes the job role's policy and the key use.
    const reports = new SecureBucket(this, 'reports', {
      bucketName: `${NAME}-reports-example`,
      kmsKey: key,
    });
    const reader = new ServiceRole(this, 'report-reader', {
      roleName: `${NAME}-report-reader`,
      assumeRolePolicy: serviceTrustPolicy('ecs-tasks.amazonaws.com', account),
    });
    reports.grantRead(reader);
    key.grantDecrypt(reader);

    const cluster = new EksCluster(this, 'cluster', {
      clusterName: `${NAME}-euw1`,
      kubernetesVersion: '1.34',
      vpcId: vpc.vpcId,
      privateEndpointCidrs: [vpc.vpcCidr],
      subnetIds: vpc.privateSubnetIds,
      publicAccessCidrs: [],
      adminRoleArns: [`arn:${partition}:iam::${account}:role/${NAME}-admin`],
    });
    const connection = new ClusterConnection(this, 'connection', {
      clusterName: cluster.clusterName,
      endpoint: cluster.endpoint,
      certificateAuthorityData: cluster.certificateAuthorityData,
    });
    const context: AddonContext = {
      helmProvider: connection.helmProvider,
      awsProvider: aws,
      clusterName: cluster.clusterName,
      kubernetesVersion: '1.34',
      release: eksRelease('1.34'),
      accountId: account,
      region,
      vpcId: vpc.vpcId,
      highAvailability: false,
      prerequisites: [],
    };
    new MetricsServerAddon(this, 'metrics-server', { context });
    // The autoscaler's role is bound to its service account by EKS Pod Identity: no OIDC
    // provider, and the trust names this cluster, namespace and service account.
    new PodIdentityRole(this, 'autoscaler-role', {
      roleName: `${NAME}-cluster-autoscaler`,
      clusterName: cluster.clusterName,
      namespace: CLUSTER_AUTOSCALER_NAMESPACE,
      serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT,
      statements: clusterAutoscalerStatements(cluster.clusterName),
    });
    new ClusterAutoscalerAddon(this, 'cluster-autoscaler', { context });
  }
}

const app = new App();
new PaymentsPlatformStack(app, 'payments-platform');
app.synth();
