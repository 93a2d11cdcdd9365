import { join } from 'node:path';
import { KmsKey } from '../kms/kms-key';
import { resourceList, onlyResource, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { RESTORE_TEST_PREFIX, RestoreTesting } from './restore-testing';

type Call = [string, string, Record<string, unknown>];
type Client = (command: string, input: Record<string, unknown>) => Promise<unknown>;
interface Clients {
  backup: Client;
  rds: Client;
  dynamodb: Client;
  s3: Client;
}

/** The validation function, run against fakes of the AWS APIs it calls. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validate } = require(join(__dirname, '../../assets/restore-validation/index.js')) as {
  validate: (
    event: { detail: { restoreJobId: string } },
    clients: Clients,
  ) => Promise<Record<string, string> | undefined>;
};

const event = { detail: { restoreJobId: 'job-1' } };

function fakeAws(job: Record<string, unknown>, responses: Record<string, unknown>) {
  const calls: Call[] = [];
  const client =
    (service: string): Client =>
    async (command, input) => {
      calls.push([service, command, input]);
      if (command === 'DescribeRestoreJob') return job;
      const response = responses[`${service}:${command}`];
      if (response instanceof Error) throw response;
      return response ?? {};
    };
  const clients: Clients = {
    backup: client('backup'),
    rds: client('rds'),
    dynamodb: client('dynamodb'),
    s3: client('s3'),
  };
  const reported = () =>
    calls.filter(([, command]) => command === 'PutRestoreValidationResult').map(([, , i]) => i);
  return { clients, calls, reported };
}

const testJob = (resourceType: string, createdResourceArn: string) => ({
  Status: 'COMPLETED',
  ResourceType: resourceType,
  CreatedResourceArn: createdResourceArn,
  CreatedBy: { RestoreTestingPlanArn: 'arn:aws:backup:us-east-1:1:restore-testing-plan:p' },
  CreationDate: '2026-11-21T06:00:00Z',
  CompletionDate: '2026-11-21T06:12:30Z',
  RecoveryPointCreationDate: '2026-11-21T05:00:00Z',
});

describe('restore validation function', () => {
  it('reports a usable, encrypted Aurora copy as SUCCESSFUL with the measured times', async () => {
    const aws = fakeAws(
      testJob('Aurora', `arn:aws:rds:us-east-1:1:cluster:${RESTORE_TEST_PREFIX}abc`),
      {
        'rds:DescribeDBClusters': { DBClusters: [{ Status: 'available', StorageEncrypted: true }] },
      },
    );
    await validate(event, aws.clients);
    expect(aws.calls).toContainEqual([
      'rds',
      'DescribeDBClusters',
      { DBClusterIdentifier: `${RESTORE_TEST_PREFIX}abc` },
    ]);
    expect(aws.reported()).toEqual([
      {
        RestoreJobId: 'job-1',
        ValidationStatus: 'SUCCESSFUL',
        ValidationStatusMessage: 'usable; restored in 12.5 min; recovery point 60.0 min old',
      },
    ]);
  });

  it('fails an empty DynamoDB copy on the AWS-owned key, and fails the invocation', async () => {
    const aws = fakeAws(
      testJob('DynamoDB', `arn:aws:dynamodb:us-east-1:1:table/${RESTORE_TEST_PREFIX}t`),
      {
        'dynamodb:DescribeTable': { Table: { TableStatus: 'ACTIVE' } },
        'dynamodb:Scan': { Count: 0 },
      },
    );
    await expect(validate(event, aws.clients)).rejects.toThrow(
      'table is not KMS-encrypted; table holds no item',
    );
    expect(aws.reported()[0]).toMatchObject({ ValidationStatus: 'FAILED' });
  });

  it('checks an S3 copy for default encryption and an object', async () => {
    const aws = fakeAws(testJob('S3', `arn:aws:s3:::${RESTORE_TEST_PREFIX}b`), {
      's3:GetBucketEncryption': Object.assign(new Error('none'), {
        name: 'ServerSideEncryptionConfigurationNotFoundError',
      }),
      's3:ListObjectsV2': { KeyCount: 1 },
    });
    await expect(validate(event, aws.clients)).rejects.toThrow(/no default encryption/);
    const ok = fakeAws(testJob('S3', `arn:aws:s3:::${RESTORE_TEST_PREFIX}b`), {
      's3:ListObjectsV2': { KeyCount: 3 },
    });
    expect(await validate(event, ok.clients)).toMatchObject({ ValidationStatus: 'SUCCESSFUL' });
  });

  it('leaves restores that no restore testing plan made alone', async () => {
    const aws = fakeAws({ ...testJob('S3', 'arn:aws:s3:::manual'), CreatedBy: {} }, {});
    expect(await validate(event, aws.clients)).toBeUndefined();
    expect(aws.reported()).toEqual([]);
  });
});

describe('RestoreTesting', () => {
  const stack = testStack();
  const key = (name: string) =>
    KmsKey.fromKeyArn(stack, name, `arn:aws:kms:us-east-1:1:key/${name}`);
  const storage = key('storage');
  new RestoreTesting(stack, 'restore', {
    planName: 'strata-prod-use1-data',
    vaultArns: ['arn:vault'],
    aurora: { subnetGroupName: 'db-subnets', securityGroupIds: ['sg-1'] },
    dynamoDbKmsKey: storage,
    kmsKeys: [key('database'), storage],
    logKmsKey: key('logs'),
  });
  const json = synthesizeStack(stack);

  it('restores the latest tagged Aurora, DynamoDB and S3 recovery points weekly, into the VPC and on the KMS key', () => {
    expect(onlyResource(json, 'aws_backup_restore_testing_plan')).toMatchObject({
      name: 'strata_prod_use1_data',
      schedule_expression: 'cron(0 6 ? * SAT *)',
      recovery_point_selection: [
        { algorithm: 'LATEST_WITHIN_WINDOW', include_vaults: ['arn:vault'] },
      ],
    });
    const selections = resourceList(json, 'aws_backup_restore_testing_selection');
    expect(selections.map((s) => s.protected_resource_type)).toEqual(['Aurora', 'DynamoDB', 'S3']);
    expect(selections[0].restore_metadata_overrides).toEqual({
      dbsubnetgroupname: 'db-subnets',
      vpcsecuritygroupids: '["sg-1"]',
    });
    expect(selections[1].restore_metadata_overrides).toEqual({
      encryptionType: 'KMS',
      kmsMasterKeyArn: 'arn:aws:kms:us-east-1:1:key/storage',
    });
    for (const selection of selections)
      expect(selection.protected_resource_conditions).toEqual([
        { string_equals: [{ key: 'aws:ResourceTag/strata:backup', value: 'daily' }] },
      ]);
  });

  it('validates completed restores with a function that may only read restore-test copies', () => {
    expect(onlyResource(json, 'aws_cloudwatch_event_rule').event_pattern).toBe(
      JSON.stringify({
        source: ['aws.backup'],
        'detail-type': ['Restore Job State Change'],
        detail: { status: ['COMPLETED'] },
      }),
    );
    const policies = resourceList(json, 'aws_iam_role_policy').map((p) => String(p.policy));
    const validation = policies.find((p) => p.includes('PutRestoreValidationResult'));
    expect(validation).toContain(`cluster:${RESTORE_TEST_PREFIX}*`);
    expect(validation).toContain(`table/${RESTORE_TEST_PREFIX}*`);
    expect(validation).toContain(`arn:aws:s3:::${RESTORE_TEST_PREFIX}*`);
  });
});
