import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { arnOf, managedPolicyArn } from '../scope/aws-environment';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { PolicyStatement, policyDocument } from './policy-document';
import { ServiceRole } from './service-role';

/** GitHub Actions' OIDC issuer host. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

/** Properties of {@link GitHubDeploymentRoles}. */
export interface GitHubDeploymentRolesProps {
  /** `owner/name` of the repository whose workflows deploy. */
  readonly repository: string;
  /** The GitHub environment whose protection rules gate applies (`prod` requires approval). */
  readonly githubEnvironment: string;
  /** Name of the role pull requests plan with (read-only). */
  readonly planRoleName: string;
  /**
   * One apply role per part of the platform (a layer), each allowed only the AWS services its
   * part's resources use; callers grant each its part of the state.
   */
  readonly applyRoles: readonly ApplyRoleSpec[];
  /** Name of the permissions boundary every apply role carries. */
  readonly applyBoundaryName: string;
  /**
   * Create the account's GitHub OIDC provider (one per account); false references the one
   * another stack created.
   * @default true
   */
  readonly createProvider?: boolean;
  /**
   * ARNs whose removal would erase the delivery's history or lock (the state bucket and its
   * objects, the lock table, the state key): the apply roles' boundary denies deleting them.
   * @default none
   */
  readonly protectedArns?: ProtectedArns;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/** One apply role: what it is called and which AWS services it may call. */
export interface ApplyRoleSpec {
  /** Key of the role in `applyRoles` (a layer name). */
  readonly part: string;
  /** The role's name. */
  readonly roleName: string;
  /** IAM action prefixes (`ec2`, `eks`, ...): the role may call every action of these. */
  readonly services: readonly string[];
}

/** What the apply role's permissions boundary keeps out of its reach. */
export interface ProtectedArns {
  /** The state buckets. */
  readonly stateBuckets: readonly string[];
  /** The lock tables. */
  readonly lockTables: readonly string[];
  /** The state objects' keys. */
  readonly stateKeys: readonly string[];
}

/**
 * The identities GitHub Actions deploys with, no long-lived keys: the account's OIDC provider
 * for GitHub, a plan role (read-only; callers grant it the state bucket, key and lock table)
 * that pull requests and the main branch may assume, and apply roles, one per part of the
 * platform, that only jobs of the environment's protected GitHub environment may assume.
 */
export class GitHubDeploymentRoles extends Construct {
  /** The role pull requests plan with (read-only). */
  readonly planRole: ServiceRole;
  /** The apply roles by `part`. */
  readonly applyRoles: Readonly<Record<string, ServiceRole>>;
  /** The OIDC provider's ARN. */
  readonly oidcProviderArn: string;

  constructor(scope: Construct, id: string, props: GitHubDeploymentRolesProps) {
    super(scope, id);
    this.oidcProviderArn =
      props.createProvider === false
        ? arnOf(this, {
            service: 'iam',
            region: '',
            resource: `oidc-provider/${GITHUB_OIDC_HOST}`,
          })
        : new IamOpenidConnectProvider(this, 'github', {
            provider: props.provider,
            url: `https://${GITHUB_OIDC_HOST}`,
            clientIdList: ['sts.amazonaws.com'],
          }).arn;
    const trust = (subjects: string[]) =>
      policyDocument([
        {
          Effect: 'Allow',
          Principal: { Federated: this.oidcProviderArn },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' },
            StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: subjects },
          },
        },
      ]);
    const repo = `repo:${props.repository}`;
    this.planRole = new ServiceRole(this, 'plan', {
      provider: props.provider,
      roleName: props.planRoleName,
      // Pull requests plan; the main branch plans before applying and checks drift.
      assumeRolePolicy: trust([`${repo}:pull_request`, `${repo}:ref:refs/heads/main`]),
      managedPolicyArns: [managedPolicyArn(this, 'ReadOnlyAccess')],
    });
    const roleArnNamed = (name: string) =>
      arnOf(this, { service: 'iam', region: '', resource: `role/${name}` });
    const boundaryArn = arnOf(this, {
      service: 'iam',
      region: '',
      resource: `policy/${props.applyBoundaryName}`,
    });
    const boundary = new IamPolicy(this, 'apply-boundary', {
      provider: props.provider,
      name: props.applyBoundaryName,
      description: `Caps every apply role of ${props.githubEnvironment}: no change to the delivery's own identity, no long-lived credentials, no erasing state`,
      policy: policyDocument(
        applyBoundaryStatements({
          deliveryRoleArns: [
            props.planRoleName,
            ...props.applyRoles.map((spec) => spec.roleName),
          ].map(roleArnNamed),
          boundaryArn,
          oidcProviderArn: this.oidcProviderArn,
          protectedArns: props.protectedArns,
        }),
      ),
    });
    const applyTrust = trust([`${repo}:environment:${props.githubEnvironment}`]);
    const roles: Record<string, ServiceRole> = {};
    for (const spec of props.applyRoles) {
      if (spec.services.length === 0) {
        throw new Error(`GitHubDeploymentRoles: apply role ${spec.roleName} has no services`);
      }
      roles[spec.part] = new ServiceRole(this, `apply-${spec.part}`, {
        provider: props.provider,
        roleName: spec.roleName,
        // Only jobs of the environment's protected GitHub environment (approval for prod).
        assumeRolePolicy: applyTrust,
        // Exception to least privilege at the action level, deliberately: applying a layer
        // creates, changes and deletes every kind of resource of its services, and the
        // resources do not exist (or have no ARN) before the first apply. The role is scoped
        // by service to its own layer (a network apply cannot touch a database or a cluster),
        // and the boundary caps every apply role alike.
        statements: applyRoleStatements(spec.services),
        permissionsBoundaryArn: boundary.arn,
      });
    }
    this.applyRoles = roles;
    this.node.defaultChild = this.planRole.role;
  }
}

/** An apply role's own permissions: every action of its services, nothing else. */
export function applyRoleStatements(services: readonly string[]): PolicyStatement[] {
  return [
    {
      Sid: 'LayerServices',
      Effect: 'Allow',
      Action: [...services].sort().map((service) => `${service}:*`),
      Resource: '*',
    },
  ];
}

/**
 * The apply roles' permissions boundary: everything, except changing the delivery's own
 * identity (trust, boundary, the OIDC provider), creating long-lived credentials, leaving the
 * organisation, and deleting state history, the lock table or the state key.
 */
export function applyBoundaryStatements(scope: {
  /** The delivery roles, whose trust and boundary it protects. */
  readonly deliveryRoleArns: readonly string[];
  /** The boundary policy's own ARN. */
  readonly boundaryArn: string;
  /** The GitHub OIDC provider's ARN. */
  readonly oidcProviderArn: string;
  /** The state the apply roles may not delete. @default none */
  readonly protectedArns?: ProtectedArns;
}): PolicyStatement[] {
  const protectedArns = scope.protectedArns;
  const statements: PolicyStatement[] = [
    { Sid: 'Ceiling', Effect: 'Allow', Action: '*', Resource: '*' },
    {
      Sid: 'DeliveryIdentity',
      Effect: 'Deny',
      Action: [
        'iam:UpdateAssumeRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:DeleteRolePermissionsBoundary',
        'iam:DeleteRole',
        'iam:AttachRolePolicy',
        'iam:PutRolePolicy',
      ],
      Resource: [...scope.deliveryRoleArns],
    },
    {
      Sid: 'Boundary',
      Effect: 'Deny',
      Action: [
        'iam:CreatePolicyVersion',
        'iam:SetDefaultPolicyVersion',
        'iam:DeletePolicyVersion',
        'iam:DeletePolicy',
      ],
      Resource: scope.boundaryArn,
    },
    {
      Sid: 'OidcProvider',
      Effect: 'Deny',
      Action: [
        'iam:DeleteOpenIDConnectProvider',
        'iam:AddClientIDToOpenIDConnectProvider',
        'iam:UpdateOpenIDConnectProviderThumbprint',
      ],
      Resource: scope.oidcProviderArn,
    },
    {
      Sid: 'NoLongLivedCredentials',
      Effect: 'Deny',
      Action: [
        'iam:CreateUser',
        'iam:CreateAccessKey',
        'iam:CreateLoginProfile',
        'organizations:LeaveOrganization',
        'account:CloseAccount',
      ],
      Resource: '*',
    },
  ];
  if (protectedArns) {
    statements.push({
      Sid: 'StateHistory',
      Effect: 'Deny',
      Action: [
        's3:DeleteBucket',
        's3:DeleteObjectVersion',
        's3:PutBucketVersioning',
        'dynamodb:DeleteTable',
        'kms:ScheduleKeyDeletion',
        'kms:DisableKey',
      ],
      Resource: [
        ...protectedArns.stateBuckets,
        ...protectedArns.stateBuckets.map((arn) => `${arn}/*`),
        ...protectedArns.lockTables,
        ...protectedArns.stateKeys,
      ],
    });
  }
  return statements;
}
