import { Construct } from 'constructs';
import {
  defaultAvailabilityZoneIds,
  EnvironmentConfig,
  githubRunnerProjectName,
  peerVpcCidrs,
  regionIndexOf,
} from '@strata/config';
import { exportLayerContract, LayerStack, NETWORK_CONTRACT } from '@strata/core';
import {
  KARPENTER_DISCOVERY_TAG,
  cloudWatchLogsKeyStatement,
  GitHubActionsRunner,
  KmsKey,
  RegionalTransitGateway,
  Vpc,
} from '@strata/constructs';

/** Private ASNs of the regional transit gateways, by region index (primary first). */
const TRANSIT_GATEWAY_BASE_ASN = 64512;

export interface NetworkStackProps {
  readonly environment: EnvironmentConfig;
  readonly region: string;
}

/** One region's network: VPC, subnets, NAT, endpoints, flow logs and transit gateway. */
export class NetworkStack extends LayerStack {
  readonly vpc: Vpc;
  readonly transitGateway: RegionalTransitGateway;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    super(scope, id, { environment: props.environment, layer: 'network', region: props.region });
    const env = props.environment;
    const regionIndex = regionIndexOf(env, props.region);
    const regionConfig = env.regions[regionIndex];
    const peerCidrs = peerVpcCidrs(env, props.region);

    const logsKey = new KmsKey(this, 'logs-key', {
      description: `CloudWatch Logs of the ${this.naming.prefix} network`,
      alias: this.naming.name('network-logs'),
      accountId: env.accountId,
      additionalStatements: [cloudWatchLogsKeyStatement(props.region, env.accountId)],
    });
    this.vpc = new Vpc(this, 'vpc', {
      name: this.naming.prefix,
      cidr: regionConfig.vpcCidr,
      azCount: env.network.azCount,
      availabilityZoneIds:
        regionConfig.availabilityZoneIds ??
        defaultAvailabilityZoneIds(props.region, env.network.azCount),
      natStrategy: env.network.natStrategy,
      region: props.region,
      accountId: env.accountId,
      flowLogKmsKey: logsKey,
      flowLogRetentionDays: env.network.flowLogRetentionDays,
      interfaceEndpoints: env.network.interfaceEndpoints,
      peerCidrs,
      // Karpenter launches the cluster layer's nodes into the subnets that carry this tag.
      privateSubnetTags: { [KARPENTER_DISCOVERY_TAG]: this.naming.clusterName },
    });
    this.transitGateway = new RegionalTransitGateway(this, 'transit-gateway', {
      name: this.naming.name('tgw'),
      amazonSideAsn: TRANSIT_GATEWAY_BASE_ASN + regionIndex,
      vpcId: this.vpc.vpcId,
      attachmentSubnetIds: this.vpc.privateSubnetIds,
      vpcRouteTableIds: [...this.vpc.privateRouteTableIds, ...this.vpc.dataRouteTableIds],
      remoteCidrs: peerCidrs,
    });

    // The delivery workflows' runner, inside this region's VPC: jobs that talk to this
    // region's cluster reach its private endpoint, also while the other region is out.
    const repository = env.delivery.githubRepository;
    if (repository) {
      new GitHubActionsRunner(this, 'github-runner', {
        projectName: githubRunnerProjectName(env, props.region),
        repository,
        vpcId: this.vpc.vpcId,
        subnetIds: this.vpc.privateSubnetIds,
        kmsKey: logsKey,
        logRetentionDays: env.network.flowLogRetentionDays,
      });
    }

    exportLayerContract(this, NETWORK_CONTRACT, {
      vpcId: this.vpc.vpcId,
      vpcCidr: this.vpc.vpcCidr,
      availabilityZones: this.vpc.availabilityZones,
      publicSubnetIds: this.vpc.publicSubnetIds,
      privateSubnetIds: this.vpc.privateSubnetIds,
      privateSubnetCidrs: this.vpc.privateSubnetCidrs,
      dataSubnetIds: this.vpc.dataSubnetIds,
      privateRouteTableIds: this.vpc.privateRouteTableIds,
      dataRouteTableIds: this.vpc.dataRouteTableIds,
      endpointSecurityGroupId: this.vpc.endpointSecurityGroupId,
      transitGatewayId: this.transitGateway.transitGatewayId,
      transitGatewayRouteTableId: this.transitGateway.routeTableId,
      flowLogGroupName: this.vpc.flowLogGroupName,
    });
  }
}
