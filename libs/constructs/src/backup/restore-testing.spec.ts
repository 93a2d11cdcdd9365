import { join } from 'node:path';
import { Client } from 'pg';
import { KmsKey } from '../kms/kms-key';
import { databaseRoleStatements } from '../rds/database-role-statements';
import { DataApi, LocalPostgres, dataApiOn, startPostgres } from '../testing/local-postgres';
import { resourceList, onlyResource, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import {
  RDS_INSTANCE_CREATED_EVENT,
  RESTORE_CHECK_CAPACITY,
  RESTORE_TEST_PREFIX,
  RestoreTesting,
} from './restore-testing';

type Call = [string, string, Record<string, unknown>];
type AwsClient = (command: string, input: Record<string, unknown>) => Promise<unknown>;
interface Clients {
  backup: AwsClient;
  rds: AwsClient;
  data: DataApi;
  dynamodb: AwsClient;
  s3: AwsClient;
}
interface Settings {
  instanceClass: string;
  capacity: number[];
  secretKmsKeyId: string;
  schemas: string[];
  extensions: string[];
}
type Reported = Promise<Record<string, string> | undefined>;

/** The validation function, run against fakes of the AWS APIs it calls (and a real database). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const asset = require(join(__dirname, '../../assets/restore-validation/index.js')) as {
  JOB_TAG: string;
  INSTANCE_CREATED: string;
  checkInstanceName: (clusterName: string) => string;
  settingsFromEnvironment: (env: Record<string, string>) => Settings;
  validate: (
    event: { detail: { restoreJobId: string } },
    clients: Clients,
    s?: Settings,
  ) => Reported;
  checkData: (
    event: { detail: Record<string, string> },
    clients: Clients,
    s?: Settings,
  ) => Reported;
};
const { validate, checkData } = asset;

const event = { detail: { restoreJobId: 'job-1' } };
const SETTINGS: Settings = {
  instanceClass: 'db.serverless',
  capacity: [0.5, 2],
  secretKmsKeyId: 'arn:key',
  schemas: [],
  extensions: [],
};

function fakeAws(job: Record<string, unknown>, responses: Record<string, unknown>, data?: DataApi) {
  const calls: Call[] = [];
  function client(service: string): AwsClient {
    return async (command, input) => {
      calls.push([service, command, input]);
      if (command === 'DescribeRestoreJob') return job;
      const response = responses[`${service}:${command}`];
      if (response instanceof Error) throw response;
      return response ?? {};
    };
  }
  const clients: Clients = {
    backup: client('backup'),
    rds: client('rds'),
    data: data ?? client('data'),
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
  it('makes a usable, encrypted Aurora copy readable and reports it VALIDATING until read', async () => {
    const cluster = `${RESTORE_TEST_PREFIX}abc`;
    const aws = fakeAws(testJob('Aurora', `arn:aws:rds:us-east-1:1:cluster:${cluster}`), {
      'rds:DescribeDBClusters': {
        DBClusters: [
          {
            Status: 'available',
            StorageEncrypted: true,
            Engine: 'aurora-postgresql',
            DBClusterArn: `arn:aws:rds:us-east-1:1:cluster:${cluster}`,
          },
        ],
      },
    });
    await validate(event, aws.clients, SETTINGS);
    // The copy is described once: its state is checked and the data check starts from it.
    expect(aws.calls.filter(([, command]) => command === 'DescribeDBClusters')).toHaveLength(1);
    expect(aws.calls).toContainEqual([
      'rds',
      'ModifyDBCluster',
      {
        DBClusterIdentifier: cluster,
        ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 2 },
        ManageMasterUserPassword: true,
        MasterUserSecretKmsKeyId: 'arn:key',
        ApplyImmediately: true,
      },
    ]);
    expect(aws.calls).toContainEqual([
      'rds',
      'EnableHttpEndpoint',
      { ResourceArn: `arn:aws:rds:us-east-1:1:cluster:${cluster}` },
    ]);
    expect(aws.calls).toContainEqual([
      'rds',
      'CreateDBInstance',
      {
        DBInstanceIdentifier: `${cluster}-check`,
        DBClusterIdentifier: cluster,
        Engine: 'aurora-postgresql',
        DBInstanceClass: 'db.serverless',
        PubliclyAccessible: false,
        Tags: [{ Key: asset.JOB_TAG, Value: 'job-1' }],
      },
    ]);
    expect(aws.reported()).toEqual([
      {
        RestoreJobId: 'job-1',
        ValidationStatus: 'VALIDATING',
        ValidationStatusMessage: `usable; reading its data through instance ${cluster}-check`,
      },
    ]);
  });

  it('fails an Aurora copy that is not encrypted without adding an instance', async () => {
    const aws = fakeAws(
      testJob('Aurora', `arn:aws:rds:us-east-1:1:cluster:${RESTORE_TEST_PREFIX}abc`),
      { 'rds:DescribeDBClusters': { DBClusters: [{ Status: 'available' }] } },
    );
    await expect(validate(event, aws.clients, SETTINGS)).rejects.toThrow('not encrypted');
    expect(aws.calls.map(([, command]) => command)).not.toContain('CreateDBInstance');
  });

  it('names check instances as RDS allows: at most 63 characters, no trailing hyphen', () => {
    const long = `${RESTORE_TEST_PREFIX}${'a'.repeat(33)}-${'b'.repeat(20)}`;
    const name = asset.checkInstanceName(long);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(name.startsWith(RESTORE_TEST_PREFIX)).toBe(true);
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

describe('restore validation of Aurora data, read from a real PostgreSQL through the Data API', () => {
  const CLUSTER = `${RESTORE_TEST_PREFIX}abc`;
  const INSTANCE = `${CLUSTER}-check`;
  const ROLES = ['registry', 'portal'];
  let server: LocalPostgres;
  // RDS's master user is no superuser: it reads the catalog, not the components' tables.
  const asMaster = (database: string) => server.connect(database, 'master', 'test-only');
  const created = {
    source: 'aws.rds',
    detail: { EventID: asset.INSTANCE_CREATED, SourceIdentifier: INSTANCE },
  };
  const restored = (database: string, secretStatus = 'active') => ({
    'rds:DescribeDBInstances': {
      DBInstances: [
        { DBClusterIdentifier: CLUSTER, TagList: [{ Key: asset.JOB_TAG, Value: 'job-1' }] },
      ],
    },
    'rds:DescribeDBClusters': {
      DBClusters: [
        {
          DBClusterArn: `arn:aws:rds:us-east-1:1:cluster:${CLUSTER}`,
          DatabaseName: database,
          MasterUserSecret: { SecretArn: 'arn:secret', SecretStatus: secretStatus },
        },
      ],
    },
  });
  const expecting: Settings = { ...SETTINGS, schemas: ROLES, extensions: ['pgcrypto'] };
  const job = testJob('Aurora', `arn:aws:rds:us-east-1:1:cluster:${CLUSTER}`);

  beforeAll(async () => {
    server = await startPostgres();
    const bootstrap = await server.connect('postgres');
    await bootstrap.query('CREATE ROLE rds_iam NOLOGIN');
    await bootstrap.query(`CREATE ROLE master LOGIN CREATEROLE CREATEDB PASSWORD 'test-only'`);
    await bootstrap.query('CREATE DATABASE platform OWNER master');
    await bootstrap.query('CREATE DATABASE empty OWNER master');
    await bootstrap.end();
    // The database as DatabaseRoles leaves it (pgaudit is not in the community build;
    // pgcrypto stands in), and one component that has written a row.
    const platform: Client = await server.connect('platform');
    for (const sql of databaseRoleStatements({
      databaseName: 'platform',
      roles: ROLES,
      extensions: ['pgcrypto'],
    }))
      await platform.query(sql);
    await platform.query('SET ROLE registry');
    await platform.query('CREATE TABLE registry.images (digest text PRIMARY KEY)');
    await platform.query(`INSERT INTO registry.images VALUES ('sha256:1')`);
    await platform.query('CREATE TABLE registry.tags (name text)');
    await platform.end();
  }, 120_000);

  afterAll(() => server?.stop(), 60_000);

  it('reads the restored data, deletes the check instance and reports SUCCESSFUL', async () => {
    const api = dataApiOn(asMaster);
    const aws = fakeAws(job, restored('platform'), api.data);
    await checkData(created, aws.clients, expecting);
    expect(api.calls).toEqual(['ExecuteStatement', 'ExecuteStatement']);
    expect(aws.calls).toContainEqual([
      'rds',
      'DeleteDBInstance',
      { DBInstanceIdentifier: INSTANCE },
    ]);
    expect(aws.reported()).toEqual([
      {
        RestoreJobId: 'job-1',
        ValidationStatus: 'SUCCESSFUL',
        ValidationStatusMessage:
          'usable; data read: 3 schemas, 2 tables, 1 holding data; extensions pgcrypto, plpgsql; restored in 12.5 min; recovery point 60.0 min old',
      },
    ]);
  });

  it('fails a copy without the components, their data or the extensions, and says which', async () => {
    const aws = fakeAws(job, restored('empty'), dataApiOn(asMaster).data);
    await expect(checkData(created, aws.clients, expecting)).rejects.toThrow(
      'schemas missing: registry, portal; extensions missing: pgcrypto; no table holds data',
    );
    expect(aws.reported()[0]).toMatchObject({ ValidationStatus: 'FAILED' });
    expect(aws.calls).toContainEqual([
      'rds',
      'DeleteDBInstance',
      { DBInstanceIdentifier: INSTANCE },
    ]);
  });

  it('fails, and still deletes the instance, when the data cannot be read', async () => {
    const refused: DataApi = async () => {
      throw new Error('Database returned SQL exception');
    };
    const aws = fakeAws(job, restored('platform'), refused);
    await expect(checkData(created, aws.clients, expecting)).rejects.toThrow(
      'reading the data failed: Database returned SQL exception',
    );
    expect(aws.calls).toContainEqual([
      'rds',
      'DeleteDBInstance',
      { DBInstanceIdentifier: INSTANCE },
    ]);
    const pending = fakeAws(job, restored('platform', 'creating'), refused);
    await expect(checkData(created, pending.clients, expecting)).rejects.toThrow(
      'no active secret',
    );
  });

  it('leaves instances it did not create alone', async () => {
    const aws = fakeAws(job, { 'rds:DescribeDBInstances': { DBInstances: [{ TagList: [] }] } });
    expect(await checkData(created, aws.clients, expecting)).toBeUndefined();
    expect(aws.calls.map(([, command]) => command)).toEqual(['DescribeDBInstances']);
  });
});

describe('RestoreTesting', () => {
  const stack = testStack();
  const key = (name: string) =>
    KmsKey.fromKeyArn(stack, name, `arn:aws:kms:us-east-1:1:key/${name}`);
  const storage = key('storage');
  const database = key('database');
  new RestoreTesting(stack, 'restore', {
    planName: 'strata-prod-use1-data',
    vaultArns: ['arn:vault'],
    aurora: {
      subnetGroupName: 'db-subnets',
      securityGroupIds: ['sg-1'],
      secretKmsKey: database,
      expectedSchemas: ['registry', 'portal'],
      expectedExtensions: ['pgaudit'],
    },
    dynamoDbKmsKey: storage,
    kmsKeys: [database, storage],
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
    const rules = resourceList(json, 'aws_cloudwatch_event_rule').map((rule) =>
      JSON.parse(String(rule.event_pattern)),
    );
    expect(rules.find((rule) => rule.source[0] === 'aws.backup')).toEqual({
      source: ['aws.backup'],
      'detail-type': ['Restore Job State Change'],
      detail: { status: ['COMPLETED'] },
    });
    const policies = resourceList(json, 'aws_iam_role_policy').map((p) => String(p.policy));
    const validation = policies.find((p) => p.includes('PutRestoreValidationResult'));
    expect(validation).toContain(`cluster:${RESTORE_TEST_PREFIX}*`);
    expect(validation).toContain(`table/${RESTORE_TEST_PREFIX}*`);
    expect(validation).toContain(`arn:aws:s3:::${RESTORE_TEST_PREFIX}*`);
  });

  it('reads restored Aurora data when its check instance is created, as the function expects', () => {
    const rules = resourceList(json, 'aws_cloudwatch_event_rule').map((rule) =>
      JSON.parse(String(rule.event_pattern)),
    );
    expect(RDS_INSTANCE_CREATED_EVENT).toBe(asset.INSTANCE_CREATED);
    expect(rules.find((rule) => rule.source[0] === 'aws.rds')).toEqual({
      source: ['aws.rds'],
      'detail-type': ['RDS DB Instance Event'],
      detail: {
        EventID: [asset.INSTANCE_CREATED],
        SourceIdentifier: [{ prefix: RESTORE_TEST_PREFIX }],
      },
    });
    expect(asset.checkInstanceName(`${RESTORE_TEST_PREFIX}x`).startsWith(RESTORE_TEST_PREFIX)).toBe(
      true,
    );
    expect(resourceList(json, 'aws_cloudwatch_event_target')).toHaveLength(2);
    const environment = onlyResource(json, 'aws_lambda_function').environment as {
      variables: Record<string, string>;
    };
    expect(environment.variables).toEqual({
      CHECK_INSTANCE_CLASS: 'db.serverless',
      CHECK_CAPACITY: `${RESTORE_CHECK_CAPACITY.min}-${RESTORE_CHECK_CAPACITY.max}`,
      SECRET_KMS_KEY_ID: 'arn:aws:kms:us-east-1:1:key/database',
      EXPECTED_SCHEMAS: 'registry,portal',
      EXPECTED_EXTENSIONS: 'pgaudit',
    });
    // What the function makes of them.
    expect(asset.settingsFromEnvironment(environment.variables)).toEqual({
      instanceClass: 'db.serverless',
      capacity: [RESTORE_CHECK_CAPACITY.min, RESTORE_CHECK_CAPACITY.max],
      secretKmsKeyId: 'arn:aws:kms:us-east-1:1:key/database',
      schemas: ['registry', 'portal'],
      extensions: ['pgaudit'],
    });
  });

  it('may add, read and delete instances, secrets and Data API statements of restore-test copies only', () => {
    const policies = resourceList(json, 'aws_iam_role_policy').map(
      (p) =>
        JSON.parse(String(p.policy)) as {
          Statement: { Action: string | string[]; Resource: string | string[] }[];
        },
    );
    const statements = policies
      .find((p) => JSON.stringify(p).includes('PutRestoreValidationResult'))!
      .Statement.map((st) => ({ actions: [st.Action].flat(), resources: [st.Resource].flat() }));
    const resourcesOf = (action: string) =>
      statements.filter((st) => st.actions.includes(action)).flatMap((st) => st.resources);
    for (const action of [
      'rds:ModifyDBCluster',
      'rds:EnableHttpEndpoint',
      'rds:CreateDBInstance',
      'rds:DeleteDBInstance',
      'rds-data:ExecuteStatement',
      'secretsmanager:GetSecretValue',
    ]) {
      const resources = resourcesOf(action);
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources)
        expect(resource).toMatch(
          new RegExp(
            `(${RESTORE_TEST_PREFIX}\\*|subgrp:db-subnets|pg:default\\.aurora-\\*|secret:rds!cluster-\\*)$`,
          ),
        );
    }
    expect(resourcesOf('rds:DeleteDBInstance')).toEqual([
      `arn:aws:rds:us-east-1:333333333333:db:${RESTORE_TEST_PREFIX}*`,
    ]);
  });
});
