import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { policyDocument, PolicyStatement } from './policy-document';
import { ServiceRole } from './service-role';
import { awsEnvironmentOf, managedPolicyArn } from '../scope/aws-environment';

/**
 * How long after signing in with MFA a person may still assume a human role: an hour, the
 * length of the role session itself.
 */
export const MFA_MAX_AGE_SECONDS = 3600;

/**
 * The trust of a role people assume: any principal of `accountId` whose policies allow it, but
 * only with MFA, signed in with it within `maxAgeSeconds`. A request without MFA carries no
 * `aws:MultiFactorAuthPresent` key at all, so `Bool` (not `BoolIfExists`) is what refuses it.
 */
export function mfaTrustPolicy(
  accountId: string,
  partition: string,
  maxAgeSeconds = MFA_MAX_AGE_SECONDS,
): string {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
      Action: 'sts:AssumeRole',
      Condition: {
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': String(maxAgeSeconds) },
      },
    },
  ]);
}

/** Properties of {@link HumanRole}. */
export interface HumanRoleProps {
  /** The role's name. */
  readonly roleName: string;
  /** AWS managed job-function policies by name, e.g. `job-function/ViewOnlyAccess`. @default none */
  readonly managedPolicies?: readonly string[];
  /** Inline statements. @default none */
  readonly statements?: readonly PolicyStatement[];
  /** Seconds after an MFA sign-in the role may still be assumed. @default MFA_MAX_AGE_SECONDS */
  readonly mfaMaxAgeSeconds?: number;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An IAM role for people: assumable from the account's own principals only with MFA
 * ({@link mfaTrustPolicy}), for an hour at most. Federated sign-in (IAM Identity Center, SAML)
 * enforces MFA at the identity provider and its sessions carry no MFA key, so they cannot
 * assume these roles: there, a permission set takes their place (`cluster.adminRoleName`).
 */
export class HumanRole extends ServiceRole {
  constructor(scope: Construct, id: string, props: HumanRoleProps) {
    const { account, partition } = awsEnvironmentOf(scope);
    super(scope, id, {
      roleName: props.roleName,
      assumeRolePolicy: mfaTrustPolicy(account, partition, props.mfaMaxAgeSeconds),
      managedPolicyArns: (props.managedPolicies ?? []).map((name) => managedPolicyArn(scope, name)),
      statements: props.statements,
      provider: props.provider,
    });
  }
}
