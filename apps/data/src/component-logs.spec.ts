import { Testing } from 'cdktf';
import { EnvironmentConfig, EnvironmentTier, exampleEnvironment } from '@strata/config';
import { policyOf, resourceList, SynthesizedStack, synthesizeStack } from '@strata/core';
import { SESSION_PREFERENCES_DOCUMENT } from '@strata/constructs';
import {
  componentLogGroupName,
  PLATFORM_COMPONENTS,
  SESSION_LIMITS,
  sessionLogGroupName,
} from '@strata/constructs/vocabulary';
import { DataStack } from './data-stack';

type Resource = Record<string, unknown>;

function synthData(environment: EnvironmentConfig, region = 'us-east-1'): SynthesizedStack {
  return synthesizeStack(
    new DataStack(Testing.app(), `data-${environment.name}-${region}`, { environment, region }),
  );
}

/** The resource of `type` whose Terraform address `reference` (`${type.address.attr}`) names. */
function referenced(json: SynthesizedStack, type: string, reference: unknown): Resource {
  const address = /\$\{[\w]+\.([\w-]+)\./.exec(String(reference))?.[1];
  const resource = (json.resource?.[type] ?? {})[address ?? ''];
  if (!resource) throw new Error(`no ${type} behind ${String(reference)}`);
  return resource as Resource;
}

describe.each([
  ['prod', exampleEnvironment(), { hot: 7, warm: 30, cold: 365 }],
  [
    'dev',
    exampleEnvironment({
      name: 'dev',
      tier: EnvironmentTier.DEVELOPMENT,
      regions: { secondary: null },
      network: { azCount: 2 },
    }),
    { hot: 7, warm: 30, cold: 90 },
  ],
] as const)('%s component logs in three tiers', (_, environment, tiers) => {
  const json = synthData(environment);
  const groups = resourceList(json, 'aws_cloudwatch_log_group');
  const filters = resourceList(json, 'aws_cloudwatch_log_subscription_filter');

  it.each([
    ...PLATFORM_COMPONENTS.map((component) => [
      component,
      componentLogGroupName(environment.name, component),
    ]),
    // People's shell sessions on the nodes, kept in the same tiers.
    ['session-manager', sessionLogGroupName(environment.name)],
  ])(
    '%s: hot in its encrypted group, every line copied to the archive under its own prefix',
    (component, name) => {
      const group = groups.find((candidate) => candidate.name === name);
      expect(group).toMatchObject({ retention_in_days: tiers.hot });
      expect(String(group?.kms_key_id)).toContain('keys_logs');
      const filter = filters.find((candidate) =>
        String(candidate.log_group_name).includes(`_${component}_group_`),
      );
      expect(filter).toMatchObject({ filter_pattern: '' });
      const stream = referenced(
        json,
        'aws_kinesis_firehose_delivery_stream',
        filter?.destination_arn,
      );
      const destination = stream.extended_s3_configuration as Resource;
      expect(destination.prefix).toBe(`${component}/`);
      expect(stream.server_side_encryption).toMatchObject({
        enabled: true,
        key_type: 'CUSTOMER_MANAGED_CMK',
      });
      expect(String(destination.kms_key_arn)).toContain('keys_logs');
      // The subscription role may send to this stream, and Firehose may write the bucket.
      const role = referenced(json, 'aws_iam_role', filter?.role_arn);
      expect(JSON.parse(String(role.assume_role_policy)).Statement[0].Principal).toEqual({
        Service: 'logs.amazonaws.com',
      });
      const subscriptionPolicy = resourceList(json, 'aws_iam_role_policy').find(
        (policy) => policy.role === `\${${String(filter?.role_arn).slice(2, -4)}name}`,
      );
      expect(JSON.stringify(policyOf(subscriptionPolicy ?? {}))).toContain(
        `deliverystream/${String(stream.name)}`,
      );
      const bucket = referenced(json, 'aws_s3_bucket', destination.bucket_arn);
      expect(String(bucket.bucket)).toMatch(/-log-archive-\d{12}$/);
    },
  );

  it('streams every Session Manager session to the encrypted session group, with idle and total limits', () => {
    const [document] = resourceList(json, 'aws_ssm_document').filter(
      (candidate) => candidate.document_type === 'Session',
    );
    expect(document).toMatchObject({
      name: SESSION_PREFERENCES_DOCUMENT,
      document_type: 'Session',
      document_format: 'JSON',
    });
    const content = JSON.parse(String(document.content)) as { inputs: Resource };
    const group = referenced(
      json,
      'aws_cloudwatch_log_group',
      content.inputs.cloudWatchLogGroupName,
    );
    expect(group.name).toBe(sessionLogGroupName(environment.name));
    expect(String(group.kms_key_id)).toContain('keys_logs');
    expect(content).toMatchObject({
      schemaVersion: '1.0',
      sessionType: 'Standard_Stream',
      inputs: {
        cloudWatchEncryptionEnabled: true,
        cloudWatchStreamingEnabled: true,
        runAsEnabled: false,
        idleSessionTimeout: String(SESSION_LIMITS.idleMinutes),
        maxSessionDuration: String(SESSION_LIMITS.maxMinutes),
      },
    });
  });

  it(`keeps archived lines warm ${tiers.warm} days, then cold in Glacier until day ${tiers.cold}`, () => {
    const lifecycle = resourceList(json, 'aws_s3_bucket_lifecycle_configuration').find(
      (candidate) => String(candidate.bucket).includes('archive_bucket_'),
    );
    const rule = (lifecycle?.rule as Resource[]).find((r) => r.id === 'archive-then-expire');
    expect(rule).toMatchObject({
      status: 'Enabled',
      transition: [{ days: tiers.warm, storage_class: 'GLACIER' }],
      expiration: [{ days: tiers.cold }],
    });
  });

  it('lets Firehose write only the archive, with its key, and report delivery errors', () => {
    const policy = resourceList(json, 'aws_iam_role_policy').find((candidate) =>
      String(candidate.role).includes('archive_delivery-role'),
    );
    const statements = policyOf(policy ?? {}).Statement;
    const resources = statements.flatMap((statement) => [statement.Resource].flat());
    for (const resource of resources.map(String)) {
      expect(resource).toMatch(/log-archive|archive_bucket_|keys_logs|delivery-errors/);
    }
    const actions = statements.flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining(['s3:PutObject', 'logs:PutLogEvents', 'kms:GenerateDataKey*']),
    );
    // An archive is appended to, never pruned by its writer.
    expect(actions).not.toContain('s3:DeleteObject');
  });
});

describe('Session Manager preferences', () => {
  it('are left to the environment that owns the account services', () => {
    const shared = synthData(exampleEnvironment({ observability: { accountServices: false } }));
    expect(
      resourceList(shared, 'aws_ssm_document').filter((d) => d.document_type === 'Session'),
    ).toHaveLength(0);
    // The sessions are still kept where this environment's nodes write them.
    expect(resourceList(shared, 'aws_cloudwatch_log_group').map((group) => group.name)).toContain(
      sessionLogGroupName('prod'),
    );
  });
});
