import { join } from 'node:path';
import { S3Backend, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';

/**
 * A synthesized one-VPC stack, with an S3 backend like every layer stack, for the validate
 * specs; `variable` adds a Terraform variable (a block a child module cannot take as is).
 * Synthesized the way an app would, bypassing Strata's own config checks.
 */
export function synthVpcStack(
  cidrBlock: string,
  options: { name?: string; variable?: boolean } = {},
): string {
  const name = options.name ?? 'fixture';
  const stack = new TerraformStack(Testing.app(), name);
  new S3Backend(stack, { bucket: 'state', key: `${name}.tfstate`, region: 'us-east-1' });
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  if (options.variable) new TerraformVariable(stack, 'owner', { type: 'string' });
  new Vpc(stack, 'vpc', { cidrBlock });
  return join(Testing.fullSynth(stack), 'stacks', name);
}
