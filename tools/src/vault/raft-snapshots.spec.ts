/**
 * Vault's raft snapshots, the whole path on real parts: the production add-ons stack's
 * vault-snapshots release rendered with its chart; Vault's access written by the operator tool
 * into a real Vault server (raft storage); the CronJob's own two scripts run as written, the
 * first logging in with a service account token that a real API server reviews, the second
 * writing to S3 on the emulator; and the uploaded object restored into a second, empty Vault,
 * which then serves the secret written before the snapshot.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { findWorkspaceRoot } from '@strata/config';
import { VAULT_SNAPSHOT_ACCESS } from '@strata/constructs/helm';
import { prodAddons, ProdAddons } from '../charts/prod-addons';
import { Manifest } from '../charts/crd-schemas';
import { ControlPlane } from '../emulator/control-plane';
import { Emulator } from '../emulator/emulator';
import {
  awsJson,
  createBucket,
  EmulatorApi,
  getObjectBytes,
  listObjectKeys,
} from '../emulator/emulator-api';
import { KubeAccess, kubeCreate, kubeRequest } from '../emulator/kube-api';
import { startSpecEmulator } from '../emulator/spec-emulator';
import { loadToolchain } from '../validate/toolchain';
import { grantSnapshotAccess } from './snapshot-access';
import { VaultKeys, VaultServer } from './vault-server';

const root = findWorkspaceRoot(__dirname);
const toolchain = loadToolchain();
const work = mkdtempSync(join(tmpdir(), 'strata-vault-snapshots-'));
const endpoint = 'http://127.0.0.1:5082';

interface EnvVar {
  readonly name: string;
  readonly value?: string;
}
interface Container {
  readonly name: string;
  readonly command: string[];
  readonly args: string[];
  readonly env: EnvVar[];
}
interface CronJobSpec {
  readonly jobTemplate: {
    readonly spec: {
      readonly template: {
        readonly spec: {
          readonly serviceAccountName: string;
          readonly initContainers: Container[];
          readonly containers: Container[];
          readonly volumes: Array<{
            readonly name: string;
            readonly projected?: {
              readonly sources: Array<{
                readonly serviceAccountToken?: { readonly audience: string };
              }>;
            };
          }>;
        };
      };
    };
  };
}

let addons: ProdAddons;
let objects: Manifest[];
let job: CronJobSpec['jobTemplate']['spec']['template']['spec'];
let plane: ControlPlane;
let vault: VaultServer;
let keys: VaultKeys;
let emulator: Emulator;
const marker = randomBytes(12).toString('hex');

/** The rendered container's environment as a map, with `overrides` for what runs here. */
function environment(container: Container, overrides: Record<string, string>): NodeJS.ProcessEnv {
  const rendered = Object.fromEntries(container.env.map((v) => [v.name, v.value ?? '']));
  for (const name of Object.keys(overrides))
    if (!(name in rendered) && !name.startsWith('AWS_') && name !== 'PATH')
      throw new Error(`${container.name} has no variable ${name} to run it with here`);
  return { ...rendered, ...overrides };
}

/** Runs a rendered container's command and script, as the kubelet would start it. */
function runContainer(container: Container, env: NodeJS.ProcessEnv) {
  const [shell, ...flags] = container.command;
  expect(shell).toBe('/bin/sh');
  return spawnSync('sh', [...flags, ...container.args], { env, encoding: 'utf8', cwd: work });
}

/** A token of `serviceAccount` in `vault`, as the kubelet projects it. */
async function serviceAccountToken(
  access: KubeAccess,
  serviceAccount: string,
  audience?: string,
): Promise<string> {
  const answer = await kubeRequest<{ status: { token: string } }>(
    access,
    'POST',
    `/api/v1/namespaces/${VAULT_SNAPSHOT_ACCESS.namespace}/serviceaccounts/${serviceAccount}/token`,
    {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 600, ...(audience ? { audiences: [audience] } : {}) },
    },
  );
  if (answer.status !== 201) throw new Error(`TokenRequest answered ${answer.status}`);
  return answer.body.status.token;
}

const vaultBinary = (): string => {
  if (!toolchain.vault)
    throw new Error('the toolchain has no Vault: run "node tools/toolchain/install.mjs"');
  return toolchain.vault.path;
};
const withVault = (env: NodeJS.ProcessEnv) => ({
  ...env,
  PATH: `${dirname(vaultBinary())}:${process.env.PATH}`,
});

beforeAll(async () => {
  if (!toolchain.kubeTools || !toolchain.controlPlane)
    throw new Error('no kube tools or control plane in the toolchain');
  addons = prodAddons(root, work, toolchain.kubeTools);
  objects = addons.render('vault-snapshots');
  const cronJob = objects.find((object) => object.kind === 'CronJob');
  if (!cronJob) throw new Error('the vault-snapshots release renders no CronJob');
  job = (cronJob.spec as unknown as CronJobSpec).jobTemplate.spec.template.spec;

  plane = await ControlPlane.start({
    binaries: toolchain.controlPlane,
    workDir: join(work, 'control-plane'),
    nodes: [],
  });
  const access = plane.access;
  await kubeCreate(access, '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: VAULT_SNAPSHOT_ACCESS.namespace },
  });
  // The job's account as the chart renders it; the Vault servers' account, which the Vault
  // chart binds to system:auth-delegator; and one that Vault must turn away.
  const jobAccount = objects.find((object) => object.kind === 'ServiceAccount')?.metadata?.name;
  expect(jobAccount).toBe(job.serviceAccountName);
  for (const name of [job.serviceAccountName, 'vault', 'intruder'])
    await kubeCreate(
      access,
      `/api/v1/namespaces/${VAULT_SNAPSHOT_ACCESS.namespace}/serviceaccounts`,
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } },
    );
  await kubeCreate(access, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'vault-server-binding' },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'system:auth-delegator',
    },
    subjects: [
      { kind: 'ServiceAccount', name: 'vault', namespace: VAULT_SNAPSHOT_ACCESS.namespace },
    ],
  });

  vault = await VaultServer.start(vaultBinary(), join(work, 'vault-1'));
  keys = await vault.initialize();
  emulator = await startSpecEmulator(toolchain, endpoint, 'raft-snapshots.spec.ts', work);
}, 300_000);

afterAll(async () => {
  await vault?.stop();
  await plane?.stop();
  await emulator?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('Vault raft snapshots', () => {
  const snapshot = join(work, 'snapshot', 'vault.snap');

  it('the operator tool lets only the job in, and is idempotent', async () => {
    const reviewer = {
      host: plane.access.server,
      caPem: plane.access.caPem,
      jwt: await serviceAccountToken(plane.access, 'vault'),
    };
    const connection = { address: vault.address, token: keys.rootToken };
    const first = await grantSnapshotAccess(connection, reviewer);
    expect(first[0]).toMatch(/^enabled the kubernetes auth method/);
    const second = await grantSnapshotAccess(connection, reviewer);
    expect(second[0]).toMatch(/^kept the kubernetes auth method/);

    // Something to recover: a secret written before the snapshot.
    const mount = await vault.call('POST', 'sys/mounts/secret', {
      token: keys.rootToken,
      body: { type: 'kv', options: { version: '2' } },
    });
    expect(mount.status).toBe(204);
    const write = await vault.call('POST', 'secret/data/strata', {
      token: keys.rootToken,
      body: { data: { marker } },
    });
    expect(write.status).toBe(200);
  });

  /**
   * The init container's script, as the kubelet would start it, with a token of `account` for
   * `audience` where the projected volume puts it, writing to `file`.
   */
  async function takeSnapshot(account: string, audience: string, file: string) {
    const [container] = job.initContainers;
    const tokenFile = join(work, `${account}-${audience.replace(/\W/g, '_')}.token`);
    writeFileSync(tokenFile, await serviceAccountToken(plane.access, account, audience));
    mkdirSync(dirname(file), { recursive: true });
    return runContainer(
      container,
      withVault(
        environment(container, {
          VAULT_ADDR: vault.address,
          VAULT_CACERT: '',
          VAULT_JWT_FILE: tokenFile,
          SNAPSHOT_FILE: file,
        }),
      ),
    );
  }

  it("the job's snapshot script takes a checked snapshot with its own account's token", async () => {
    const audience = job.volumes
      .flatMap((volume) => volume.projected?.sources ?? [])
      .find((source) => source.serviceAccountToken)?.serviceAccountToken?.audience;
    expect(audience).toBe(VAULT_SNAPSHOT_ACCESS.audience);
    const result = await takeSnapshot(job.serviceAccountName, audience ?? '', snapshot);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(snapshot).length).toBeGreaterThan(1000);
  });

  it.each([
    ['another service account', 'intruder', VAULT_SNAPSHOT_ACCESS.audience],
    ["the job's account with a token for another audience", '', 'https://kubernetes.default.svc'],
  ])('refuses %s, and writes no snapshot', async (_, account, audience) => {
    const file = join(work, 'refused', 'vault.snap');
    const result = await takeSnapshot(account || job.serviceAccountName, audience, file);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/permission denied|invalid|not authorized|audience/i);
    expect(() => readFileSync(file)).toThrow();
  });

  it('a snapshot token reads no secret and no policy', async () => {
    const login = await vault.call<{ auth: { client_token: string; lease_duration: number } }>(
      'POST',
      `auth/${VAULT_SNAPSHOT_ACCESS.authPath}/login`,
      {
        body: {
          role: VAULT_SNAPSHOT_ACCESS.role,
          jwt: await serviceAccountToken(
            plane.access,
            job.serviceAccountName,
            VAULT_SNAPSHOT_ACCESS.audience,
          ),
        },
      },
    );
    expect(login.status).toBe(200);
    const token = login.body.auth.client_token;
    expect((await vault.call('GET', 'secret/data/strata', { token })).status).toBe(403);
    expect((await vault.call('GET', 'sys/policies/acl', { token })).status).toBe(403);
    // Short-lived: a run takes seconds and revokes its own.
    expect(login.body.auth.lease_duration).toBeLessThanOrEqual(300);
  });

  it('the upload script writes it to the bucket its role may put to, and it restores into a new Vault', async () => {
    const [container] = job.containers;
    const env = Object.fromEntries(container.env.map((v) => [v.name, v.value ?? '']));
    const api: EmulatorApi = { endpoint, region: env.AWS_REGION };
    // The release names the bucket resource; the bucket is the name that resource creates.
    const stack = JSON.parse(readFileSync(join(addons.stackDir, 'cdk.tf.json'), 'utf8')) as {
      resource: { aws_s3_bucket: Record<string, { bucket: string }> };
    };
    const reference = /^\$\{aws_s3_bucket\.([^.]+)\.bucket\}$/.exec(env.SNAPSHOT_BUCKET);
    const bucket = stack.resource.aws_s3_bucket[reference?.[1] ?? '']?.bucket;
    expect(bucket).toMatch(/^[a-z0-9.-]{3,63}$/);
    await createBucket(api, bucket, api.region);
    const key = await awsJson<{ KeyMetadata: { Arn: string } }>(
      api,
      'kms',
      'TrentService.CreateKey',
      {},
    );
    const awsCli = toolchain.awsCli?.path;
    if (!awsCli) throw new Error('the toolchain has no AWS CLI');
    const result = runContainer(container, {
      ...environment(container, {
        SNAPSHOT_BUCKET: bucket,
        SNAPSHOT_FILE: snapshot,
        SNAPSHOT_KMS_KEY: key.KeyMetadata.Arn,
        HOME: work,
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
      }),
      PATH: `${dirname(awsCli)}:${process.env.PATH}`,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const uploaded = await listObjectKeys(api, bucket, env.SNAPSHOT_PREFIX);
    expect(uploaded).toHaveLength(1);
    expect(result.stdout.trim()).toBe(`s3://${bucket}/${uploaded[0]}`);

    // The job's role may put exactly there: its policy's one object pattern takes the key.
    const policies = Object.values(
      (stack.resource as unknown as Record<string, Record<string, { policy?: string }>>)
        .aws_iam_role_policy,
    ).map(
      (policy) =>
        JSON.parse(policy.policy ?? '{}') as {
          Statement: Array<{ Sid?: string; Action: string; Resource: string }>;
        },
    );
    const put = policies
      .flatMap((policy) => policy.Statement)
      .find((statement) => statement.Sid === 'PutSnapshots');
    expect(put?.Action).toBe('s3:PutObject');
    expect(put?.Resource).toMatch(/^arn:[^:]+:s3:::/);
    expect(put?.Resource.replace(/^arn:[^:]+:s3:::/, '')).toBe(`${bucket}/${env.SNAPSHOT_PREFIX}*`);
    expect(uploaded[0].startsWith(env.SNAPSHOT_PREFIX)).toBe(true);

    // Restored from the uploaded bytes into an empty Vault: the secret written before is there.
    const bytes = await getObjectBytes(api, bucket, uploaded[0]);
    expect(Buffer.from(bytes).equals(readFileSync(snapshot))).toBe(true);
    const restoredFile = join(work, 'restored.snap');
    writeFileSync(restoredFile, bytes);
    const second = await VaultServer.start(vaultBinary(), join(work, 'vault-2'));
    try {
      const secondKeys = await second.initialize();
      const restore = spawnSync(
        vaultBinary(),
        ['operator', 'raft', 'snapshot', 'restore', '-force', restoredFile],
        {
          env: { ...process.env, VAULT_ADDR: second.address, VAULT_TOKEN: secondKeys.rootToken },
          encoding: 'utf8',
        },
      );
      expect(restore.stderr).toBe('');
      expect(restore.status).toBe(0);
      // The restored keyring is the first cluster's: its key unseals, its root token reads.
      if ((await second.health()) !== 200) await second.unseal(keys.unsealKey);
      const read = await second.call<{ data: { data: { marker: string } } }>(
        'GET',
        'secret/data/strata',
        {
          token: keys.rootToken,
        },
      );
      expect(read.status).toBe(200);
      expect(read.body.data.data.marker).toBe(marker);
    } finally {
      await second.stop();
    }
  });
});
