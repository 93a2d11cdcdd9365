import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { arnOf, managedPolicyArn } from '../scope/aws-environment';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { PolicyStatement, policyDocument } from './policy-document';
import { ServiceRole } from './service-role';

/** GitHub Actions' OIDC issuer host. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export interface GitHubDeploymentRolesProps {
  /** `owner/name` of the repository whose workflows deploy. */
  readonly repository: string;
  /** The GitHub environment whose protection rules gate applies (`prod` requires approval). */
  readonly githubEnvironment: string;
  readonly planRoleName: string;
  readonly applyRoleName: string;
  /**
   * Create the account's GitHub OIDC provider (one per account); false references the one
   * another stack created.
   * @default true
   */
  readonly createProvider?: boolean;
  /**
   * ARNs whose removal would erase the delivery's history or lock (the state bucket and its
   * objects, the lock table, the state key): the apply role's boundary denies deleting them.
   * @default none
   */
  readonly protectedArns?: ProtectedArns;
  readonly provider?: TerraformProvider;
}

/** What the apply role's permissions boundary keeps out of its reach. */
export interface ProtectedArns {
  readonly stateBuckets: readonly string[];
  readonly lockTables: readonly string[];
  readonly stateKeys: readonly string[];
}

/**
 * The identities GitHub Actions deploys with, no long-lived keys: the account's OIDC provider
 * for GitHub, a plan role (read-only; callers grant it the state bucket, key and lock table)
 * that pull requests and the main branch may assume, and an apply role that only jobs of the
 * environment's protected GitHub environment may assume.
 */
export class GitHubDeploymentRoles extends Construct {
  readonly planRole: ServiceRole;
  readonly applyRole: ServiceRole;
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
    const boundary = new IamPolicy(this, 'apply-boundary', {
      provider: props.provider,
      name: `${props.applyRoleName}-boundary`,
      description: `Caps ${props.applyRoleName}: no change to the delivery's own identity, no long-lived credentials, no erasing state`,
      policy: policyDocument(
        applyBoundaryStatements({
          deliveryRoleArns: [props.planRoleName, props.applyRoleName].map((name) =>
            arnOf(this, { service: 'iam', region: '', resource: `role/${name}` }),
          ),
          boundaryArn: arnOf(this, {
            service: 'iam',
            region: '',
            resource: `policy/${props.applyRoleName}-boundary`,
          }),
          oidcProviderArn: this.oidcProviderArn,
          protectedArns: props.protectedArns,
        }),
      ),
    });
    this.applyRole = new ServiceRole(this, 'apply', {
      provider: props.provider,
      roleName: props.applyRoleName,
      assumeRolePolicy: trust([`${repo}:environment:${props.githubEnvironment}`]),
      // Exception to least privilege, deliberately: applying the platform creates and changes
      // every kind of resource it manages, IAM included. The trust above is the first control:
      // only jobs of the environment's protected GitHub environment (approval for prod) assume
      // it. The boundary is the second: whatever the role is granted, it cannot widen its own
      // trust or drop the boundary, mint long-lived credentials or erase state history.
      managedPolicyArns: [managedPolicyArn(this, 'AdministratorAccess')],
      permissionsBoundaryArn: boundary.arn,
    });
    this.node.defaultChild = this.applyRole.role;
  }
}

/**
 * The apply role's permissions boundary: everything, except changing the delivery's own
 * identity (trust, boundary, the OIDC provider), creating long-lived credentials, leaving the
 * organisation, and deleting state history, the lock table or the state key.
 */
export function applyBoundaryStatements(scope: {
  readonly deliveryRoleArns: readonly string[];
  readonly boundaryArn: string;
  readonly oidcProviderArn: string;
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
