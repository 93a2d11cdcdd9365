import { IConstruct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { partitionOfRegion } from '../vocabulary/partitions';

/** Where a stack's resources live: the account, the region and the AWS partition. */
export interface AwsEnvironment {
  /** 12-digit account id (or a token). */
  readonly account: string;
  /** Region name, e.g. `us-east-1` (or a token). */
  readonly region: string;
  /** `aws`, `aws-cn` or `aws-us-gov` (or a token): the first field of every ARN. */
  readonly partition: string;
}

const declared = new WeakMap<TerraformStack, AwsEnvironment>();
const lookedUp = new WeakMap<TerraformStack, AwsEnvironment>();

export { partitionOfRegion };

/**
 * Declares the account and region a stack deploys to, so its constructs need not be told
 * (like aws-cdk-lib's `Stack.of(this).account`). Without it, they are looked up at plan time.
 */
export function declareAwsEnvironment(
  stack: TerraformStack,
  environment: { readonly account: string; readonly region: string; readonly partition?: string },
): void {
  declared.set(stack, {
    account: environment.account,
    region: environment.region,
    partition: environment.partition ?? partitionOfRegion(environment.region),
  });
}

/**
 * The account, region and partition of `scope`'s stack: as declared (see
 * declareAwsEnvironment), or else from data sources added once to the stack, whose values
 * Terraform reads from the stack's default AWS provider at plan time.
 */
export function awsEnvironmentOf(scope: IConstruct): AwsEnvironment {
  const stack = TerraformStack.of(scope);
  const known = declared.get(stack) ?? lookedUp.get(stack);
  if (known) return known;
  const environment: AwsEnvironment = {
    account: new DataAwsCallerIdentity(stack, 'aws-environment-account').accountId,
    region: new DataAwsRegion(stack, 'aws-environment-region').region,
    partition: new DataAwsPartition(stack, 'aws-environment-partition').partition,
  };
  lookedUp.set(stack, environment);
  return environment;
}

/** The parts of an ARN; `region` and `account` are empty for global resources. */
export interface ArnParts {
  /** The service (`s3`, `iam`, ...). */
  readonly service: string;
  /** The resource part (`bucket/key`, `role/name`, ...). */
  readonly resource: string;
  /** @default the stack's region */
  readonly region?: string;
  /** @default the stack's account */
  readonly account?: string;
}

/** An ARN in `scope`'s partition: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function arnOf(scope: IConstruct, parts: ArnParts): string {
  const environment = awsEnvironmentOf(scope);
  return [
    'arn',
    environment.partition,
    parts.service,
    parts.region ?? environment.region,
    parts.account ?? environment.account,
    parts.resource,
  ].join(':');
}

/** The ARN of the IAM role `roleName` in `scope`'s account and partition (roles are global). */
export function roleArn(scope: IConstruct, roleName: string): string {
  return arnOf(scope, { service: 'iam', region: '', resource: `role/${roleName}` });
}

/** An AWS managed policy's ARN in `scope`'s partition, e.g. `service-role/AWSBackupServiceRolePolicyForBackup`. */
export function managedPolicyArn(scope: IConstruct, name: string): string {
  return arnOf(scope, { service: 'iam', region: '', account: 'aws', resource: `policy/${name}` });
}
