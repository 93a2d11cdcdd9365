import { GlobalTable } from '../dynamodb/global-table';
import { KmsKey } from '../kms/kms-key';
import { GeneratedSecret } from '../secrets/generated-secret';
import { DurableQueue } from '../sqs/durable-queue';
import { SecureBucket } from '../s3/secure-bucket';
import { onlyResource, policyOf, synthesizeStack } from '../testing/synth-json';
import { testStack } from '../testing/test-stack';
import { ServicePrincipal } from './grant';
import { serviceTrustPolicy } from './policy-document';
import { ServiceRole } from './service-role';

const fromAccount = { StringEquals: { 'aws:SourceAccount': '333333333333' } };

describe('grants', () => {
  it("give a role a key and a bucket through the role's own policy, even after construction", () => {
    const stack = testStack();
    const key = new KmsKey(stack, 'key', { description: 'd', alias: 'a' });
    const bucket = new SecureBucket(stack, 'bucket', { bucketName: 'specs', kmsKey: key });
    const role = new ServiceRole(stack, 'reader', {
      roleName: 'reader',
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', '333333333333'),
    });
    bucket.grantRead(role);
    key.grantDecrypt(role);
    const json = synthesizeStack(stack);
    expect(policyOf(onlyResource(json, 'aws_iam_role_policy')).Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::specs', 'arn:aws:s3:::specs/*'],
      },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: expect.stringMatching(/^\$\{aws_kms_key\.key_\w+\.arn\}$/),
      },
    ]);
    // The key and bucket policies are untouched by grants to a role.
    expect(policyOf(onlyResource(json, 'aws_kms_key')).Statement).toHaveLength(1);
  });

  it("give a service a key and a bucket through the resources' policies, with its conditions", () => {
    const stack = testStack();
    const key = new KmsKey(stack, 'key', { description: 'd', alias: 'a' });
    const bucket = new SecureBucket(stack, 'bucket', { bucketName: 'logs', kmsKey: key });
    const trail = new ServicePrincipal('cloudtrail.amazonaws.com', fromAccount);
    key.grantEncrypt(trail, { sid: 'TrailEncrypt' });
    bucket.grantPut(trail, { sid: 'TrailPut', keyPattern: 'AWSLogs/*' });
    const json = synthesizeStack(stack);
    expect(policyOf(onlyResource(json, 'aws_kms_key')).Statement[1]).toEqual({
      Sid: 'TrailEncrypt',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: fromAccount,
    });
    expect(policyOf(onlyResource(json, 'aws_s3_bucket_policy')).Statement[1]).toEqual({
      Sid: 'TrailPut',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::logs/AWSLogs/*',
      Condition: fromAccount,
    });
  });

  it('refuse a service grant on an imported key, whose policy lives elsewhere', () => {
    const stack = testStack();
    const key = KmsKey.fromKeyArn(stack, 'key', 'arn:aws:kms:us-east-1:333333333333:key/k');
    expect(() =>
      key.grantDecrypt(new ServicePrincipal('cloudfront.amazonaws.com', fromAccount)),
    ).toThrow('Cannot grant cloudfront.amazonaws.com access through the policy of an imported');
  });

  it('reach an imported bucket from a role', () => {
    const stack = testStack();
    const role = new ServiceRole(stack, 'writer', {
      roleName: 'writer',
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', '333333333333'),
    });
    SecureBucket.fromBucketName(stack, 'shared', 'shared-bucket').grantReadWrite(role);
    const [statement] = policyOf(
      onlyResource(synthesizeStack(stack), 'aws_iam_role_policy'),
    ).Statement;
    expect(statement.Resource).toEqual([
      'arn:aws:s3:::shared-bucket',
      'arn:aws:s3:::shared-bucket/*',
    ]);
  });

  it('give a role a queue, a table and a secret, with their keys when they are defined here', () => {
    const stack = testStack();
    const key = new KmsKey(stack, 'key', { description: 'd', alias: 'a' });
    const role = new ServiceRole(stack, 'worker', {
      roleName: 'worker',
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', '333333333333'),
    });
    new DurableQueue(stack, 'jobs', { queueName: 'jobs', kmsKey: key }).grantConsumeMessages(role);
    new GlobalTable(stack, 'table', { tableName: 'items', kmsKey: key }).grantReadData(role);
    new GeneratedSecret(stack, 'secret', {
      secretName: 's',
      description: 'd',
      kmsKey: key,
    }).grantRead(role);
    DurableQueue.fromQueueArn(
      stack,
      'other',
      'arn:aws:sqs:us-east-1:333333333333:other',
    ).grantSendMessages(role);
    const actions = policyOf(
      onlyResource(synthesizeStack(stack), 'aws_iam_role_policy'),
    ).Statement.map((statement) => statement.Action);
    expect(actions).toEqual([
      [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
      ],
      'kms:Decrypt',
      [
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DescribeTable',
      ],
      // One key for all three: its statement is added once.
      ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      // An imported queue's key is unknown: the grant covers the queue alone.
      ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
    ]);
  });

  it('include the key of an imported queue, table or bucket when the reference names it', () => {
    const stack = testStack();
    const key = KmsKey.fromKeyArn(stack, 'key', 'arn:aws:kms:us-east-1:333333333333:key/k');
    const role = new ServiceRole(stack, 'reader', {
      roleName: 'reader',
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com', '333333333333'),
    });
    DurableQueue.fromQueueArn(
      stack,
      'q',
      'arn:aws:sqs:us-east-1:333333333333:q',
      key,
    ).grantSendMessages(role);
    GlobalTable.fromTableArn(
      stack,
      't',
      'arn:aws:dynamodb:us-east-1:333333333333:table/t',
      key,
    ).grantReadData(role);
    SecureBucket.fromBucketName(stack, 'b', 'specs', key).grantRead(role);
    const statements = policyOf(
      onlyResource(synthesizeStack(stack), 'aws_iam_role_policy'),
    ).Statement;
    const keyActions = statements
      .filter((statement) => statement.Resource === 'arn:aws:kms:us-east-1:333333333333:key/k')
      .map((statement) => statement.Action);
    // Sending encrypts; reading the table and the bucket decrypts (once: the same key).
    expect(keyActions).toEqual([
      ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
      'kms:Decrypt',
    ]);
  });
});
