import { Construct } from 'constructs';
import { AwsProvider, AwsProviderEndpoints } from '@cdktf/provider-aws/lib/provider';
import { EnvironmentConfig, LayerName, regionCode, standardTags } from '@strata/config';

/** Services the emulator must answer for: every one Strata's stacks call (none may reach AWS). */
const EMULATED_SERVICES: ReadonlyArray<keyof AwsProviderEndpoints> = [
  'accessanalyzer',
  'acm',
  'applicationautoscaling',
  'backup',
  'budgets',
  'ce',
  'cloudfront',
  'cloudtrail',
  'cloudwatch',
  'cloudwatchlogs',
  'configservice',
  'dax',
  'dynamodb',
  'ec2',
  'ecr',
  'eks',
  'elasticache',
  'elbv2',
  'events',
  'firehose',
  'guardduty',
  'iam',
  'inspector2',
  'kafka',
  'kms',
  'lambda',
  'opensearch',
  'rds',
  'route53',
  's3',
  'scheduler',
  'secretsmanager',
  'securityhub',
  'shield',
  'sns',
  'sqs',
  'ssm',
  'sts',
  'synthetics',
  'wafv2',
  'xray',
];

/** Properties of the AWS provider every Strata stack uses. */
export interface StrataAwsProviderProps {
  /** The environment, as loaded from its file. */
  readonly environment: EnvironmentConfig;
  /** The layer the stack belongs to. */
  readonly layer: LayerName;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** Provider alias; omit for a stack's default provider. */
  readonly alias?: string;
}

/**
 * An AWS provider locked to the environment's account (a wrong profile fails before any
 * change) with Strata's default tags, or pointed at the emulator for `local`.
 */
export function createAwsProvider(
  scope: Construct,
  id: string,
  props: StrataAwsProviderProps,
): AwsProvider {
  const { environment: env, region } = props;
  const emulator = env.emulator;
  return new AwsProvider(scope, id, {
    region,
    alias: props.alias,
    defaultTags: [{ tags: standardTags(env, props.layer) }],
    ...(emulator
      ? {
          // The emulator answers for one fake account; there is no real account to lock to.
          accessKey: 'emulator',
          secretKey: 'emulator',
          s3UsePathStyle: true,
          skipCredentialsValidation: true,
          skipMetadataApiCheck: 'true',
          skipRequestingAccountId: true,
          skipRegionValidation: true,
          endpoints: [
            Object.fromEntries(EMULATED_SERVICES.map((service) => [service, emulator.endpoint])),
          ],
        }
      : { allowedAccountIds: [env.accountId] }),
  });
}

/** Alias for a provider in another region: `use1`, `usw2`. */
export function regionAlias(region: string): string {
  return regionCode(region);
}
