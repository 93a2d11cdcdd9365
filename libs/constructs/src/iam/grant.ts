import { PolicyStatement } from './policy-document';
import { readable } from '../validation/readable';

/** An IAM role that grants add identity-policy statements to (ServiceRole, IrsaRole, ...). */
export interface IRole {
  /** The role's ARN. */
  readonly roleArn: string;
  /** The role's name. */
  readonly roleName: string;
  /** Adds a statement to the role's inline policy. */
  addToPolicy(statement: PolicyStatement): void;
}

/** Conditions of a statement, e.g. `{ StringEquals: { 'aws:SourceAccount': '123...' } }`. */
export type PolicyConditions = NonNullable<PolicyStatement['Condition']>;

/**
 * An AWS service acting as itself (CloudFront, CloudTrail, ...): granted through the
 * resource's own policy, narrowed by conditions such as `aws:SourceAccount`.
 */
export class ServicePrincipal {
  constructor(
    /** e.g. `cloudfront.amazonaws.com`; several when one statement serves them all. */
    readonly service: string | readonly string[],
    /** Confused-deputy guards; a service grant without conditions is refused. */
    readonly conditions: PolicyConditions,
  ) {
    if (Object.values(conditions).every((operator) => Object.keys(operator).length === 0))
      throw new Error(
        `ServicePrincipal ${readable([service].flat())}: conditions is empty; a service acting for any account could use the grant (the confused deputy), so name at least one guard such as aws:SourceAccount or aws:SourceArn`,
      );
  }
}

/**
 * An IAM principal named by ARN that Strata does not manage (a service-linked role, another
 * account's role): granted through the resource's own policy.
 */
export class ArnPrincipal {
  constructor(
    /** The principal's ARN. */
    readonly arn: string,
    /** Conditions the principal's access is limited by. @default none */
    readonly conditions?: PolicyConditions,
  ) {}
}

/** Who a grant is for: a role (its identity policy), or a service or ARN (the resource's policy). */
export type Grantee = IRole | ServicePrincipal | ArnPrincipal;

/** A resource with a policy of its own that grants to services add statements to. */
export interface IResourceWithPolicy {
  /** Adds a statement to the resource policy; false when the resource's policy cannot change (an imported reference). */
  addToResourcePolicy(statement: PolicyStatement): boolean;
}

/** One grant: actions on resources, to a role or principal. */
export interface GrantOptions {
  /** Who gets the access. */
  readonly grantee: Grantee;
  /** The IAM actions. */
  readonly actions: readonly string[];
  /** What the actions apply to; for a service grant, the resource policy's `Resource`. */
  readonly resourceArns: readonly string[];
  /** The resource whose policy takes service grants. */
  readonly resource: IResourceWithPolicy;
  /** Statement id, e.g. `CloudFrontOriginAccessControlRead`. @default none */
  readonly sid?: string;
  /** Extra conditions, merged with a service grantee's. @default none */
  readonly conditions?: PolicyConditions;
}

/** Adds the statement that gives `grantee` the actions: to the role, or to the resource's policy. */
export function grant(options: GrantOptions): void {
  const action = options.actions.length === 1 ? options.actions[0] : options.actions;
  const resource =
    options.resourceArns.length === 1 ? options.resourceArns[0] : options.resourceArns;
  const grantee = options.grantee;
  if (grantee instanceof ServicePrincipal || grantee instanceof ArnPrincipal) {
    const conditions = { ...grantee.conditions, ...options.conditions };
    const added = options.resource.addToResourcePolicy({
      ...(options.sid ? { Sid: options.sid } : {}),
      Effect: 'Allow',
      Principal:
        grantee instanceof ServicePrincipal ? { Service: grantee.service } : { AWS: grantee.arn },
      Action: action,
      Resource: resource,
      ...(Object.keys(conditions).length > 0 ? { Condition: conditions } : {}),
    });
    if (!added) {
      const who =
        grantee instanceof ServicePrincipal ? [grantee.service].flat().join(', ') : grantee.arn;
      throw new Error(
        `Cannot grant ${readable(who)} access through the policy of an imported resource (${readable(options.resourceArns)}); grant where the resource is defined`,
      );
    }
    return;
  }
  grantee.addToPolicy({
    ...(options.sid ? { Sid: options.sid } : {}),
    Effect: 'Allow',
    Action: action,
    Resource: resource,
    ...(options.conditions ? { Condition: options.conditions } : {}),
  });
}

/** Adds an identity-policy statement giving `role` the actions on the resources. */
export function grantToRole(
  role: IRole,
  actions: readonly string[],
  resourceArns: readonly string[],
): void {
  role.addToPolicy({
    Effect: 'Allow',
    Action: actions.length === 1 ? actions[0] : actions,
    Resource: resourceArns.length === 1 ? resourceArns[0] : resourceArns,
  });
}
