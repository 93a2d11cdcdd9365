import { App, Testing } from 'cdktf';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentTier, exampleEnvironment } from '@strata/config';
import { LayerStack, StateBackend } from './layer-stack';
import { synthesizeStack } from '@strata/constructs/testing';

describe('LayerStack', () => {
  it('keeps state in S3 under <layer>/<env>/<region> with DynamoDB and native locking', () => {
    const stack = new LayerStack(Testing.app(), 'network-prod-us-west-2', {
      environment: exampleEnvironment(),
      layer: 'network',
      region: 'us-west-2',
    });
    expect(synthesizeStack(stack).terraform?.backend).toEqual({
      s3: {
        bucket: 'strata-prod-use1-tfstate-333333333333',
        key: 'network/prod/us-west-2/terraform.tfstate',
        region: 'us-east-1',
        encrypt: true,
        dynamodb_table: 'strata-prod-use1-tflock',
        use_lockfile: true,
      },
    });
  });

  it("keeps state in the secondary region's replica while failed over, locked by S3 objects there", () => {
    const stack = new LayerStack(Testing.app(), 'network-prod-us-west-2', {
      environment: exampleEnvironment({ state: { replication: true, activeRegion: 'secondary' } }),
      layer: 'network',
      region: 'us-west-2',
    });
    // No DynamoDB table: the lock table lives in the primary region, which is out.
    expect(synthesizeStack(stack).terraform?.backend).toEqual({
      s3: {
        bucket: 'strata-prod-usw2-tfstate-replica-333333333333',
        key: 'network/prod/us-west-2/terraform.tfstate',
        region: 'us-west-2',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it('locks the provider to the account and tags everything', () => {
    const env = exampleEnvironment({ tags: { owner: 'platform' } });
    const stack = new LayerStack(Testing.app(), 'data-prod-us-east-1', {
      environment: env,
      layer: 'data',
      region: 'us-east-1',
    });
    const [provider] = synthesizeStack(stack).provider!.aws;
    expect(provider.region).toBe('us-east-1');
    expect(provider.allowed_account_ids).toEqual(['333333333333']);
    expect(provider.default_tags).toEqual([
      {
        tags: {
          owner: 'platform',
          Project: 'strata',
          Environment: 'prod',
          Tier: 'production',
          Layer: 'data',
          CostCentre: 'platform-prod',
          ManagedBy: 'cdktf',
        },
      },
    ]);
  });

  it('adds one aliased provider per extra region', () => {
    const stack = new LayerStack(Testing.app(), 'state-prod', {
      environment: exampleEnvironment(),
      layer: 'state',
      region: 'us-east-1',
      backend: StateBackend.LOCAL,
      localStatePath: '../../state.tfstate',
    });
    expect(stack.providerFor('us-west-2')).toBe(stack.providerFor('us-west-2'));
    expect(stack.providerFor('us-east-1')).toBe(stack.provider);
    const json = synthesizeStack(stack);
    expect(json.provider!.aws.map((provider) => [provider.alias, provider.region])).toEqual([
      [undefined, 'us-east-1'],
      ['usw2', 'us-west-2'],
    ]);
    expect(json.terraform?.backend).toEqual({ local: { path: '../../state.tfstate' } });
  });

  it('points provider and backend at the emulator for an emulated environment', () => {
    const env = exampleEnvironment({
      name: 'local',
      tier: EnvironmentTier.DEVELOPMENT,
      accountId: '123456789012',
      emulator: { endpoint: 'http://127.0.0.1:5000' },
    });
    const json = synthesizeStack(
      new LayerStack(Testing.app(), 'network-local-us-east-1', {
        environment: env,
        layer: 'network',
        region: 'us-east-1',
      }),
    );
    const [provider] = json.provider!.aws;
    expect(provider.allowed_account_ids).toBeUndefined();
    expect(provider.s3_use_path_style).toBe(true);
    expect((provider.endpoints as Array<Record<string, string>>)[0]).toMatchObject({
      s3: 'http://127.0.0.1:5000',
      dynamodb: 'http://127.0.0.1:5000',
      ec2: 'http://127.0.0.1:5000',
    });
    expect(json.terraform?.backend?.s3).toMatchObject({
      endpoints: { s3: 'http://127.0.0.1:5000', dynamodb: 'http://127.0.0.1:5000' },
      use_path_style: true,
      skip_credentials_validation: true,
    });
  });

  describe('references between stacks', () => {
    const stackIn = (app: App, id: string) =>
      new LayerStack(app, id, {
        environment: exampleEnvironment(),
        layer: 'data',
        region: 'us-east-1',
      });

    it('synthesizes references within the stack', () => {
      const stack = stackIn(Testing.app(), 'data-prod-us-east-1');
      const dlq = new SqsQueue(stack, 'dlq', { name: 'dlq' });
      new SqsQueue(stack, 'queue', {
        name: 'queue',
        redrivePolicy: `{"deadLetterTargetArn":"${dlq.arn}"}`,
      });
      expect(JSON.stringify(synthesizeStack(stack).resource)).toContain('${aws_sqs_queue.dlq.arn}');
    });

    it('refuses a resource of another stack, which would reach Terraform undeclared', () => {
      const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'strata-xref-')) });
      const owner = stackIn(app, 'data-prod-us-east-1');
      const reader = stackIn(app, 'data-prod-us-west-2');
      const dlq = new SqsQueue(owner, 'dlq', { name: 'dlq' });
      new SqsQueue(reader, 'queue', { name: 'queue', redrivePolicy: dlq.arn });
      expect(() => app.synth()).toThrow(
        /data-prod-us-west-2: references aws_sqs_queue\.dlq, which the stack does not declare.*layer contract/,
      );
    });
  });
});
