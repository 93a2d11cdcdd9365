import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { arnOf, managedPolicyArn } from '../scope/aws-environment';
import { policyDocument } from './policy-document';
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
  readonly provider?: TerraformProvider;
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
    this.applyRole = new ServiceRole(this, 'apply', {
      provider: props.provider,
      roleName: props.applyRoleName,
      assumeRolePolicy: trust([`${repo}:environment:${props.githubEnvironment}`]),
      // Exception to least privilege, deliberately: applying the platform creates and changes
      // every kind of resource it manages, IAM included. The trust above is the control: only
      // jobs of the environment's protected GitHub environment (approval for prod) assume it.
      managedPolicyArns: [managedPolicyArn(this, 'AdministratorAccess')],
    });
    this.node.defaultChild = this.applyRole.role;
  }
}
