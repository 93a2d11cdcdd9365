import { Construct } from 'constructs';
import { ITerraformDependable, TerraformProvider } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { policyDocument, PolicyStatement } from './policy-document';

export interface ServiceRoleProps {
  readonly roleName: string;
  /** Trust policy document (JSON). */
  readonly assumeRolePolicy: string;
  /** Inline, least-privilege statements; preferred over managed policies. */
  readonly statements?: readonly PolicyStatement[];
  /** AWS managed policies, only where AWS maintains the exact permission set (EKS, CNI, EBS CSI). */
  readonly managedPolicyArns?: readonly string[];
  readonly provider?: TerraformProvider;
}

/** An IAM role with its inline policy and managed-policy attachments, as one unit. */
export class ServiceRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;
  /** The role and its policies: depend on these so the permissions exist before use. */
  readonly resources: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const role = new IamRole(this, 'role', {
      provider: props.provider,
      name: props.roleName,
      assumeRolePolicy: props.assumeRolePolicy,
      maxSessionDuration: 3600,
    });
    this.resources.push(role);
    if (props.statements && props.statements.length > 0) {
      const policy = new IamRolePolicy(this, 'policy', {
        provider: props.provider,
        role: role.name,
        name: 'least-privilege',
        policy: policyDocument(props.statements),
      });
      this.resources.push(policy);
    }
    (props.managedPolicyArns ?? []).forEach((policyArn, index) => {
      this.resources.push(
        new IamRolePolicyAttachment(this, `managed-${index}`, {
          provider: props.provider,
          role: role.name,
          policyArn,
        }),
      );
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
  }
}
