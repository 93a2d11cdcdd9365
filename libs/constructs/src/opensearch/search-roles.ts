import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { grantToRole } from '../iam/grant';
import { IKmsKey } from '../kms/kms-key';
import { ServiceFunction } from '../lambda/service-function';
import { DATA_STORE_PORTS } from '../network/data-store-ports';
import { roleArn } from '../scope/aws-environment';
import { SearchDomain } from './search-domain';
import { SearchRoleMapping, searchSecurityRequests } from './search-security-requests';

/** Properties of {@link SearchRoles}. */
export interface SearchRolesProps {
  /** The domain; its master user must be `SearchRoles.masterRoleArn(...)` of the same name. */
  readonly domain: SearchDomain;
  /** Name of the function and its role (the domain's master user). */
  readonly functionName: string;
  /** The OpenSearch roles to create and the IAM roles that act as each. */
  readonly roles: readonly SearchRoleMapping[];
  /** IAM roles of the people who administer the domain (`all_access`, `security_manager`). */
  readonly adminRoleArns: readonly string[];
  /** Where the function runs: subnets the domain admits on HTTPS (its only egress is the domain). */
  readonly vpcId: string;
  /** The subnets of the function that applies the mappings. */
  readonly subnetIds: string[];
  /** Encrypts the function's log group. */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Fine-grained access control's side of the IAM grants: an IAM role that may `es:ESHttp*` is
 * still refused by a domain with fine-grained access control until an OpenSearch role maps
 * it. A function in the VPC, the domain's master user, creates those roles and mappings (see
 * searchSecurityRequests) once the domain exists and whenever they change.
 */
export class SearchRoles extends Construct {
  /**
   * The master user's ARN, from the function name alone, so that the domain can name it
   * before the function exists (the domain is created first).
   */
  static masterRoleArn(scope: Construct, functionName: string): string {
    return roleArn(scope, functionName);
  }

  constructor(scope: Construct, id: string, props: SearchRolesProps) {
    super(scope, id);
    const provider = props.provider;
    const requests = searchSecurityRequests({
      roles: props.roles,
      adminRoleArns: props.adminRoleArns,
    });
    const securityGroup = new SecurityGroup(this, 'security-group', {
      provider,
      name: `${props.functionName}-fn`,
      description: `${props.functionName}: HTTPS to the search domain only`,
      vpcId: props.vpcId,
      egress: [
        {
          description: 'The search domain',
          protocol: 'tcp',
          fromPort: DATA_STORE_PORTS.https,
          toPort: DATA_STORE_PORTS.https,
          securityGroups: [props.domain.securityGroupId],
        },
      ],
    });
    const fn = new ServiceFunction(this, 'function', {
      provider,
      functionName: props.functionName,
      description: 'Maps IAM roles to their OpenSearch roles (fine-grained access control)',
      asset: 'search-roles',
      logKmsKey: props.logKmsKey,
      logRetentionDays: props.logRetentionDays,
      timeoutSeconds: 120,
      vpc: { subnetIds: props.subnetIds, securityGroupIds: [securityGroup.id] },
    });
    grantToRole(fn.role, ['es:ESHttpGet', 'es:ESHttpPut'], [`${props.domain.domainArn}/*`]);
    this.node.defaultChild = new LambdaInvocation(this, 'invocation', {
      provider,
      functionName: fn.functionName,
      input: JSON.stringify({ endpoint: `https://${props.domain.endpoint}`, requests }),
      // The endpoint reference orders it after the domain.
      dependsOn: [fn.function, ...fn.role.resources],
    });
  }
}
