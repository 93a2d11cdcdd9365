// Secrets Manager rotation for the credentials Strata generates, through the services' own
// APIs (no database connection, so no VPC): an Aurora cluster's master password
// (ModifyDBCluster; a global primary's password reaches every member) and an ElastiCache
// replication group's AUTH token (ModifyReplicationGroup with the ROTATE strategy, which keeps
// the previous token valid until the next rotation, so consumers have a full period to pick
// up the new value through external-secrets).
//
// Environment: TARGET = aurora-cluster | elasticache-auth-token, RESOURCE_ID = the cluster or
// replication group id, GLOBAL_CLUSTER_ID (Aurora, optional) = the global database whose
// writer takes the password: after a failover that is another region's member, which only
// the writer can change. Runs on the Lambda Node.js runtime's bundled AWS SDK v3.
'use strict';

/** Characters ElastiCache accepts beside letters and digits: ! & # $ ^ < > - */
const ELASTICACHE_EXCLUDED = '"\'%()*+,./:;=?@[\\]_`{|}~ ';
/** Characters RDS master passwords and PostgreSQL connection strings reject. */
const AURORA_EXCLUDED = '/@"\' \\:?#[]%';
const POLL_MS = 15_000;

function clientsFromRuntime() {
  const sm = require('@aws-sdk/client-secrets-manager');
  const rds = require('@aws-sdk/client-rds');
  const elasticache = require('@aws-sdk/client-elasticache');
  const secrets = new sm.SecretsManagerClient({});
  const rdsClients = new Map();
  const rdsClient = (region) => {
    const key = region ?? '';
    if (!rdsClients.has(key)) rdsClients.set(key, new rds.RDSClient(region ? { region } : {}));
    return rdsClients.get(key);
  };
  const cacheClient = new elasticache.ElastiCacheClient({});
  return {
    secrets: (command, input) => secrets.send(new sm[`${command}Command`](input)),
    // Without a region: the function's own.
    rds: (command, input, region) => rdsClient(region).send(new rds[`${command}Command`](input)),
    elasticache: (command, input) => cacheClient.send(new elasticache[`${command}Command`](input)),
    sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  };
}

async function secretValue(clients, secretId, stage, versionId) {
  const value = await clients.secrets('GetSecretValue', {
    SecretId: secretId,
    ...(versionId ? { VersionId: versionId } : { VersionStage: stage }),
  });
  return value.SecretString;
}

/** The password (or token) a secret version holds: JSON with `password` for Aurora. */
function passwordOf(target, secretString) {
  return target === 'aurora-cluster' ? JSON.parse(secretString).password : secretString;
}

async function createSecret(clients, env, secretId, token) {
  try {
    await secretValue(clients, secretId, 'AWSPENDING', token);
    return; // Already created by an earlier attempt.
  } catch (error) {
    if (error.name !== 'ResourceNotFoundException') throw error;
  }
  const aurora = env.TARGET === 'aurora-cluster';
  const random = await clients.secrets('GetRandomPassword', {
    PasswordLength: aurora ? 32 : 64,
    ExcludeCharacters: aurora ? AURORA_EXCLUDED : ELASTICACHE_EXCLUDED,
    RequireEachIncludedType: true,
  });
  const current = await secretValue(clients, secretId, 'AWSCURRENT');
  const pending = aurora
    ? JSON.stringify({ ...JSON.parse(current), password: random.RandomPassword })
    : random.RandomPassword;
  await clients.secrets('PutSecretValue', {
    SecretId: secretId,
    ClientRequestToken: token,
    SecretString: pending,
    VersionStages: ['AWSPENDING'],
  });
}

/**
 * The Aurora cluster whose password changes, and its region: the global database's writer
 * when there is one (undefined region: the function's own), else RESOURCE_ID here.
 */
async function auroraWriter(clients, env) {
  if (!env.GLOBAL_CLUSTER_ID) return { id: env.RESOURCE_ID, region: undefined };
  const described = await clients.rds('DescribeGlobalClusters', {
    GlobalClusterIdentifier: env.GLOBAL_CLUSTER_ID,
  });
  const members = described.GlobalClusters?.[0]?.GlobalClusterMembers ?? [];
  const writer = members.find((member) => member.IsWriter);
  if (!writer) throw new Error(`global database ${env.GLOBAL_CLUSTER_ID} has no writer now`);
  // arn:<partition>:rds:<region>:<account>:cluster:<id>
  const [, , , region, , , id] = writer.DBClusterArn.split(':');
  return { id, region };
}

async function waitUntilAvailable(clients, env, writer) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const status =
      env.TARGET === 'aurora-cluster'
        ? (
            await clients.rds(
              'DescribeDBClusters',
              { DBClusterIdentifier: writer.id },
              writer.region,
            )
          ).DBClusters[0].Status
        : (
            await clients.elasticache('DescribeReplicationGroups', {
              ReplicationGroupId: env.RESOURCE_ID,
            })
          ).ReplicationGroups[0].Status;
    if (status === 'available') return;
    await clients.sleep(POLL_MS);
  }
  throw new Error(`${writer?.id ?? env.RESOURCE_ID} did not become available after the change`);
}

async function setSecret(clients, env, secretId, token) {
  const pending = passwordOf(env.TARGET, await secretValue(clients, secretId, 'AWSPENDING', token));
  if (env.TARGET === 'aurora-cluster') {
    const writer = await auroraWriter(clients, env);
    await clients.rds(
      'ModifyDBCluster',
      { DBClusterIdentifier: writer.id, MasterUserPassword: pending, ApplyImmediately: true },
      writer.region,
    );
    await waitUntilAvailable(clients, env, writer);
    return;
  }
  const rotate = () =>
    clients.elasticache('ModifyReplicationGroup', {
      ReplicationGroupId: env.RESOURCE_ID,
      AuthToken: pending,
      AuthTokenUpdateStrategy: 'ROTATE',
      ApplyImmediately: true,
    });
  try {
    await rotate();
  } catch (error) {
    if (
      error.name !== 'InvalidParameterCombinationException' &&
      error.name !== 'InvalidParameterValueException'
    )
      throw error;
    // Two tokens are live (the previous rotation's): keep only the current one, then rotate.
    const current = passwordOf(env.TARGET, await secretValue(clients, secretId, 'AWSCURRENT'));
    await clients.elasticache('ModifyReplicationGroup', {
      ReplicationGroupId: env.RESOURCE_ID,
      AuthToken: current,
      AuthTokenUpdateStrategy: 'SET',
      ApplyImmediately: true,
    });
    await waitUntilAvailable(clients, env);
    await rotate();
  }
  await waitUntilAvailable(clients, env);
}

async function finishSecret(clients, secretId, token) {
  const described = await clients.secrets('DescribeSecret', { SecretId: secretId });
  const current = Object.entries(described.VersionIdsToStages).find(([, stages]) =>
    stages.includes('AWSCURRENT'),
  );
  if (current && current[0] === token) return;
  await clients.secrets('UpdateSecretVersionStage', {
    SecretId: secretId,
    VersionStage: 'AWSCURRENT',
    MoveToVersionId: token,
    RemoveFromVersionId: current ? current[0] : undefined,
  });
}

/** One rotation step, as Secrets Manager invokes it. */
async function rotate(event, clients, env) {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = event;
  const described = await clients.secrets('DescribeSecret', { SecretId: secretId });
  if (!described.RotationEnabled) throw new Error(`rotation is not enabled on ${secretId}`);
  const stages = described.VersionIdsToStages[token];
  if (!stages) throw new Error(`version ${token} of ${secretId} has no stage`);
  if (stages.includes('AWSCURRENT')) return; // Already finished.
  if (!stages.includes('AWSPENDING')) throw new Error(`version ${token} is not pending`);
  switch (step) {
    case 'createSecret':
      return createSecret(clients, env, secretId, token);
    case 'setSecret':
      return setSecret(clients, env, secretId, token);
    case 'testSecret':
      // The service accepted the new value in setSecret and is available again.
      return undefined;
    case 'finishSecret':
      return finishSecret(clients, secretId, token);
    default:
      throw new Error(`unknown rotation step ${step}`);
  }
}

module.exports = {
  rotate,
  handler: (event) => rotate(event, clientsFromRuntime(), process.env),
};
