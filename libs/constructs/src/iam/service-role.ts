import { Construct } from 'constructs';
import { ITerraformDependable, Lazy, TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { IRole } from './grant';
import { policyDocument, PolicyStatement } from './policy-document';
import { iamRoleNameRule } from '../validation/aws-name-rules';
import { PropError } from '../validation/prop-error';

/** Properties of {@link ServiceRole}. */
export interface ServiceRoleProps {
  /** The role's name. */
  readonly roleName: string;
  /** Trust policy document (JSON). */
  readonly assumeRolePolicy: string;
  /** Inline, least-privilege statements; preferred over managed policies. */
  readonly statements?: readonly PolicyStatement[];
  /** AWS managed policies, only where AWS maintains the exact permission set (EKS, CNI, EBS CSI). */
  readonly managedPolicyArns?: readonly string[];
  /** Managed policy that caps what the role may do, whatever its policies grant. @default none */
  readonly permissionsBoundaryArn?: string;
  /**
   * The AWS provider the resources are created with (their account and region). @default the
   * stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * An IAM role with its inline policy and managed-policy attachments, as one unit. Grants
 * (`key.grantDecrypt(role)`, `bucket.grantRead(role)`, ...) add to the inline policy; the
 * policy document is rendered at synth, so a grant made after construction still lands.
 */
export class ServiceRole extends Construct implements IRole {
  /** The role's ARN. */
  readonly roleArn: string;
  /** The role's name. */
  readonly roleName: string;
  /** The role resource itself (escape hatch). */
  readonly role: IamRole;
  /** The role and its policies: depend on these so the permissions exist before use. */
  readonly resources: ITerraformDependable[] = [];
  private readonly statements: PolicyStatement[];
  private policy?: IamRolePolicy;
  private readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const nameRule = iamRoleNameRule(props.roleName);
    if (nameRule) throw new PropError(this, 'roleName', props.roleName, nameRule);
    this.provider = props.provider;
    this.role = new IamRole(this, 'role', {
      provider: props.provider,
      name: props.roleName,
      assumeRolePolicy: props.assumeRolePolicy,
      maxSessionDuration: 3600,
      permissionsBoundary: props.permissionsBoundaryArn,
    });
    this.node.defaultChild = this.role;
    this.resources.push(this.role);
    this.statements = [...(props.statements ?? [])];
    if (this.statements.length > 0) this.ensurePolicy();
    (props.managedPolicyArns ?? []).forEach((policyArn, index) => {
      this.resources.push(
        new IamRolePolicyAttachment(this, `managed-${index}`, {
          provider: props.provider,
          role: this.role.name,
          policyArn,
        }),
      );
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
  }

  addToPolicy(statement: PolicyStatement): void {
    // Grants of several resources under one key add its statement once.
    const same = JSON.stringify(statement);
    if (!this.statements.some((existing) => JSON.stringify(existing) === same)) {
      this.statements.push(statement);
    }
    this.ensurePolicy();
  }

  private ensurePolicy(): void {
    if (this.policy) return;
    this.policy = new IamRolePolicy(this, 'policy', {
      provider: this.provider,
      role: this.role.name,
      name: 'least-privilege',
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });
    this.resources.push(this.policy);
  }
}
