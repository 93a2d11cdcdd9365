import { Testing, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { declareAwsEnvironment } from '../scope/aws-environment';

/** The account construct tests deploy to. */
export const TEST_ACCOUNT = '333333333333';

/**
 * An empty stack with a default AWS provider, for construct tests: declared in
 * TEST_ACCOUNT and `region` unless `declared` is false (then looked up at plan time).
 */
export function testStack(region = 'us-east-1', declared = true): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region });
  if (declared) declareAwsEnvironment(stack, { account: TEST_ACCOUNT, region });
  return stack;
}
