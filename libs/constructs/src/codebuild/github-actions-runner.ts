import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { CodebuildProject } from '@cdktf/provider-aws/lib/codebuild-project';
import { CodebuildWebhook } from '@cdktf/provider-aws/lib/codebuild-webhook';
import { CodeconnectionsConnection } from '@cdktf/provider-aws/lib/codeconnections-connection';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { serviceTrustPolicy, ServiceRole } from '../iam';
import { IKmsKey } from '../kms';
import { EncryptedLogGroup } from '../logs';
import { arnOf, awsEnvironmentOf } from '../scope/aws-environment';

/** Properties of {@link GitHubActionsRunner}. */
export interface GitHubActionsRunnerProps {
  /** CodeBuild project name; workflows ask for it as `codebuild-<name>-<run id>-<attempt>`. */
  readonly projectName: string;
  /** `owner/name` of the repository whose workflow jobs the runner takes. */
  readonly repository: string;
  /** The VPC the resources are created in. */
  readonly vpcId: string;
  /** Private subnets: the runner reaches private endpoints (EKS) and the internet through NAT. */
  readonly subnetIds: string[];
  /** Encrypts the build logs and CodeBuild's artifacts. */
  readonly kmsKey: IKmsKey;
  /** @default 'BUILD_GENERAL1_MEDIUM' */
  readonly computeType?: string;
  /** @default 'aws/codebuild/amazonlinux-x86_64-standard:5.0' */
  readonly image?: string;
  /** @default 90 */
  readonly logRetentionDays?: number;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A GitHub Actions runner hosted by AWS CodeBuild inside the VPC: each workflow job that asks
 * for it (`runs-on: codebuild-<project>-${{ github.run_id }}-${{ github.run_attempt }}`)
 * starts one ephemeral build in the private subnets, so jobs reach private endpoints (the EKS
 * API) while the endpoints stay private. GitHub reaches CodeBuild through a CodeConnections
 * connection, which an administrator authorises once in the console (AWS creates it pending).
 */
export class GitHubActionsRunner extends Construct {
  /** The project's name. */
  readonly projectName: string;
  /** The security group's ID. */
  readonly securityGroupId: string;
  /** The connection's ARN. */
  readonly connectionArn: string;

  constructor(scope: Construct, id: string, props: GitHubActionsRunnerProps) {
    super(scope, id);
    const { provider } = props;
    const { account } = awsEnvironmentOf(this);
    const securityGroup = new SecurityGroup(this, 'security-group', {
      provider,
      name: props.projectName,
      description: `GitHub Actions jobs of ${props.repository} in CodeBuild`,
      vpcId: props.vpcId,
      egress: [],
      revokeRulesOnDelete: true,
    });
    // Exception to narrow egress, deliberately: a job reaches GitHub, the package registries
    // and AWS APIs (HTTPS to addresses no list can pin) and the private EKS endpoint (443).
    new VpcSecurityGroupEgressRule(this, 'https', {
      provider,
      securityGroupId: securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
      description: 'HTTPS: GitHub, package registries, AWS APIs, the private EKS endpoint',
    });
    const connection = new CodeconnectionsConnection(this, 'connection', {
      provider,
      name: props.projectName.slice(0, 32),
      providerType: 'GitHub',
    });
    const logs = new EncryptedLogGroup(this, 'logs', {
      provider,
      logGroupName: `/aws/codebuild/${props.projectName}`,
      kmsKey: props.kmsKey,
      retentionInDays: props.logRetentionDays ?? 90,
    });
    const subnetArns = props.subnetIds.map((subnetId) =>
      arnOf(this, { service: 'ec2', resource: `subnet/${subnetId}` }),
    );
    const role = new ServiceRole(this, 'role', {
      provider,
      roleName: props.projectName,
      assumeRolePolicy: serviceTrustPolicy('codebuild.amazonaws.com', account),
      statements: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logs.logGroupArn}:*`,
        },
        {
          Effect: 'Allow',
          Action: ['codeconnections:GetConnectionToken', 'codeconnections:GetConnection'],
          Resource: connection.arn,
        },
        {
          // CodeBuild's network interfaces in the VPC; Describe* cannot be scoped.
          Effect: 'Allow',
          Action: [
            'ec2:CreateNetworkInterface',
            'ec2:DescribeDhcpOptions',
            'ec2:DescribeNetworkInterfaces',
            'ec2:DeleteNetworkInterface',
            'ec2:DescribeSubnets',
            'ec2:DescribeSecurityGroups',
            'ec2:DescribeVpcs',
          ],
          Resource: '*',
        },
        {
          Effect: 'Allow',
          Action: 'ec2:CreateNetworkInterfacePermission',
          Resource: arnOf(this, { service: 'ec2', resource: 'network-interface/*' }),
          Condition: {
            StringEquals: { 'ec2:AuthorizedService': 'codebuild.amazonaws.com' },
            ArnEquals: { 'ec2:Subnet': subnetArns },
          },
        },
      ],
    });
    props.kmsKey.grantEncryptDecrypt(role);
    const project = new CodebuildProject(this, 'project', {
      provider,
      name: props.projectName,
      description: `GitHub Actions runner for ${props.repository}, inside the VPC`,
      serviceRole: role.roleArn,
      encryptionKey: props.kmsKey.keyArn,
      buildTimeout: 300,
      artifacts: { type: 'NO_ARTIFACTS' },
      environment: {
        type: 'LINUX_CONTAINER',
        computeType: props.computeType ?? 'BUILD_GENERAL1_MEDIUM',
        image: props.image ?? 'aws/codebuild/amazonlinux-x86_64-standard:5.0',
        imagePullCredentialsType: 'CODEBUILD',
        privilegedMode: false,
      },
      source: {
        type: 'GITHUB',
        location: `https://github.com/${props.repository}.git`,
        auth: { type: 'CODECONNECTIONS', resource: connection.arn },
      },
      vpcConfig: {
        vpcId: props.vpcId,
        subnets: props.subnetIds,
        securityGroupIds: [securityGroup.id],
      },
      logsConfig: { cloudwatchLogs: { groupName: logs.logGroupName, status: 'ENABLED' } },
      dependsOn: role.resources,
    });
    // Only workflow jobs that ask for this runner start a build.
    new CodebuildWebhook(this, 'webhook', {
      provider,
      projectName: project.name,
      buildType: 'BUILD',
      filterGroup: [{ filter: [{ type: 'EVENT', pattern: 'WORKFLOW_JOB_QUEUED' }] }],
    });
    this.node.defaultChild = project;
    this.projectName = project.name;
    this.securityGroupId = securityGroup.id;
    this.connectionArn = connection.arn;
  }
}
