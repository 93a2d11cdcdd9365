import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadToolchain } from '../validate/toolchain';
import { restoreEmulator, snapshotEmulator } from './checkpoint';
import { Emulator } from './emulator';
import {
  awsJson,
  createBucket,
  EmulatorApi,
  getObject,
  lockIds,
  putObject,
  releaseStateLock,
} from './emulator-api';
import { startSpecEmulator } from './spec-emulator';

/**
 * moto_snapshot.py with the real moto: what one server saves, a fresh one restores, including
 * what pickle cannot carry by itself (an RSA key, a certificate, SSM's parameter store), and a
 * snapshot taken while requests pour in is whole.
 */
const toolchain = loadToolchain();
// Ports of their own: the emulator flow may hold the environment's.
const first: EmulatorApi = { endpoint: 'http://127.0.0.1:5080', region: 'us-east-1' };
const second: EmulatorApi = { endpoint: 'http://127.0.0.1:5081', region: 'us-east-1' };
const scratch = mkdtempSync(join(tmpdir(), 'strata-moto-snapshot-'));
const snapshot = join(scratch, 'aws-side.pickle');
const table = 'strata-locks';
const bucket = 'strata-snapshot-state';
const stateKey = 'network/terraform.tfstate';
const running: Emulator[] = [];

const start = async (api: EmulatorApi, name: string) => {
  const emulator = await startSpecEmulator(
    toolchain,
    api.endpoint,
    'moto-snapshot.spec.ts',
    join(scratch, name),
  );
  running.push(emulator);
  return emulator;
};

afterAll(async () => {
  await Promise.all(running.map((emulator) => emulator.stop()));
});

describe('the emulator snapshot (moto_snapshot.py)', () => {
  const made: { keyId?: string; certificateArn?: string } = {};

  it('saves everything a server holds, and a fresh server restores it', async () => {
    const saving = await start(first, 'first');
    await createBucket(first, bucket, 'us-west-2');
    await putObject(first, bucket, stateKey, '{"serial":7}');
    made.keyId = (
      await awsJson<{ KeyMetadata: { KeyId: string } }>(first, 'kms', 'TrentService.CreateKey', {
        KeySpec: 'RSA_2048',
        KeyUsage: 'SIGN_VERIFY',
      })
    ).KeyMetadata.KeyId;
    made.certificateArn = (
      await awsJson<{ CertificateArn: string }>(
        first,
        'acm',
        'CertificateManager.RequestCertificate',
        { DomainName: 'api.example.com', ValidationMethod: 'DNS' },
      )
    ).CertificateArn;
    await awsJson(first, 'ssm', 'AmazonSSM.PutParameter', {
      Name: '/strata/snapshot',
      Value: 'kept',
      Type: 'String',
    });
    await awsJson(first, 'dynamodb', 'DynamoDB_20120810.CreateTable', {
      TableName: table,
      KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    // A plan's two locks on the state, as the S3 backend takes them, and the state digest.
    await putObject(first, bucket, `${stateKey}.tflock`, '{"ID":"held"}');
    for (const id of [`${bucket}/${stateKey}`, `${bucket}/${stateKey}-md5`]) {
      await awsJson(first, 'dynamodb', 'DynamoDB_20120810.PutItem', {
        TableName: table,
        Item: { LockID: { S: id } },
      });
    }
    await snapshotEmulator(first.endpoint, snapshot);
    await saving.stop();

    await start(second, 'second');
    expect(await getObject(second, bucket, stateKey)).toBe(undefined);
    await restoreEmulator(second.endpoint, snapshot);
    expect(await getObject(second, bucket, stateKey)).toBe('{"serial":7}');
    // The RSA key signs: its private key came back, not only its metadata.
    const signed = await awsJson<{ Signature: string }>(second, 'kms', 'TrentService.Sign', {
      KeyId: made.keyId,
      Message: Buffer.from('strata').toString('base64'),
      SigningAlgorithm: 'RSASSA_PSS_SHA_256',
    });
    expect(Buffer.from(signed.Signature, 'base64').length).toBe(256);
    const described = await awsJson<{ Certificate: { DomainName: string } }>(
      second,
      'acm',
      'CertificateManager.DescribeCertificate',
      { CertificateArn: made.certificateArn },
    );
    expect(described.Certificate.DomainName).toBe('api.example.com');
    const parameter = await awsJson<{ Parameter: { Value: string } }>(
      second,
      'ssm',
      'AmazonSSM.GetParameter',
      { Name: '/strata/snapshot' },
    );
    expect(parameter.Parameter.Value).toBe('kept');
  });

  it('releases the state locks a restore brings back, keeping the state and its digest', async () => {
    const backend = { bucket, key: stateKey, dynamodb_table: table };
    expect(await getObject(second, bucket, `${stateKey}.tflock`)).toBe('{"ID":"held"}');
    expect(await releaseStateLock(second, backend)).toBe(2);
    expect(await getObject(second, bucket, `${stateKey}.tflock`)).toBeUndefined();
    expect(await lockIds(second, table)).toEqual([`${bucket}/${stateKey}-md5`]);
    expect(await getObject(second, bucket, stateKey)).toBe('{"serial":7}');
    expect(await releaseStateLock(second, backend)).toBe(0);
  });

  it('takes a whole snapshot while requests pour in (they wait; none fails)', async () => {
    const writes = Array.from({ length: 300 }, (_, index) =>
      awsJson(second, 'ssm', 'AmazonSSM.PutParameter', {
        Name: `/strata/load/${index}`,
        Value: String(index),
        Type: 'String',
      }),
    );
    const snapshots = Array.from({ length: 8 }, (_, index) =>
      snapshotEmulator(second.endpoint, join(scratch, `busy-${index}.pickle`)),
    );
    await Promise.all([...writes, ...snapshots]);
    // The last snapshot holds at least what was written before it was asked for.
    await snapshotEmulator(second.endpoint, join(scratch, 'after.pickle'));
    await restoreEmulator(second.endpoint, join(scratch, 'after.pickle'));
    const last = await awsJson<{ Parameter: { Value: string } }>(
      second,
      'ssm',
      'AmazonSSM.GetParameter',
      { Name: '/strata/load/299' },
    );
    expect(last.Parameter.Value).toBe('299');
  });

  it('refuses a restore from a file that is no snapshot, naming the file and the error', async () => {
    await expect(restoreEmulator(second.endpoint, join(scratch, 'absent.pickle'))).rejects.toThrow(
      /absent\.pickle: HTTP 500 FileNotFoundError/,
    );
    writeFileSync(join(scratch, 'garbage.pickle'), 'not a pickle');
    await expect(restoreEmulator(second.endpoint, join(scratch, 'garbage.pickle'))).rejects.toThrow(
      /garbage\.pickle: HTTP 500 UnpicklingError/,
    );
    // The server keeps what it held.
    const kept = await awsJson<{ Parameter: { Value: string } }>(
      second,
      'ssm',
      'AmazonSSM.GetParameter',
      { Name: '/strata/snapshot' },
    );
    expect(kept.Parameter.Value).toBe('kept');
  });
});
