import { join } from 'node:path';

/** The rotation function, run against recorded fakes of the AWS APIs it calls. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { rotate } = require(join(__dirname, '../../assets/credential-rotation/index.js')) as {
  rotate: (
    event: Record<string, string>,
    clients: Clients,
    env: Record<string, string>,
  ) => Promise<void>;
};

type Call = [string, string, Record<string, unknown>, string?];
interface Clients {
  secrets: (command: string, input: Record<string, unknown>) => Promise<unknown>;
  rds: (command: string, input: Record<string, unknown>, region?: string) => Promise<unknown>;
  elasticache: (command: string, input: Record<string, unknown>) => Promise<unknown>;
  sleep: (ms: number) => Promise<void>;
}

/** Fake AWS: a secret with a current and (optionally) a pending version, and a service. */
function fakeAws(options: {
  current: string;
  pending?: string;
  statuses?: string[];
  failFirstRotate?: boolean;
  /** The global database's members, the writer first: `DescribeGlobalClusters`. */
  globalMembers?: Array<{ DBClusterArn: string; IsWriter: boolean }>;
}) {
  const calls: Call[] = [];
  const versions: Record<string, string[]> = { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] };
  const values: Record<string, string> = { v1: options.current };
  if (options.pending) values.v2 = options.pending;
  const statuses = [...(options.statuses ?? ['available'])];
  let rotateFailures = options.failFirstRotate ? 1 : 0;
  const notFound = () =>
    Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
  const clients: Clients = {
    secrets: async (command, input) => {
      calls.push(['secrets', command, input]);
      switch (command) {
        case 'DescribeSecret':
          return { RotationEnabled: true, VersionIdsToStages: versions };
        case 'GetSecretValue': {
          const id =
            (input.VersionId as string | undefined) ??
            Object.keys(versions).find((v) => versions[v].includes(input.VersionStage as string));
          if (!id || values[id] === undefined) throw notFound();
          return { SecretString: values[id] };
        }
        case 'GetRandomPassword':
          return { RandomPassword: 'n3w-Secret&Value' };
        case 'PutSecretValue':
          values[input.ClientRequestToken as string] = input.SecretString as string;
          return {};
        default:
          return {};
      }
    },
    rds: async (command, input, region) => {
      calls.push(region ? ['rds', command, input, region] : ['rds', command, input]);
      if (command === 'DescribeGlobalClusters')
        return { GlobalClusters: [{ GlobalClusterMembers: options.globalMembers ?? [] }] };
      return command === 'DescribeDBClusters'
        ? { DBClusters: [{ Status: statuses.shift() ?? 'available' }] }
        : {};
    },
    elasticache: async (command, input) => {
      calls.push(['elasticache', command, input]);
      if (
        command === 'ModifyReplicationGroup' &&
        input.AuthTokenUpdateStrategy === 'ROTATE' &&
        rotateFailures > 0
      ) {
        rotateFailures -= 1;
        throw Object.assign(new Error('two tokens'), {
          name: 'InvalidParameterCombinationException',
        });
      }
      return command === 'DescribeReplicationGroups'
        ? { ReplicationGroups: [{ Status: statuses.shift() ?? 'available' }] }
        : {};
    },
    sleep: async () => undefined,
  };
  return { calls, clients, values };
}

const step = (name: string) => ({ SecretId: 'arn:secret', ClientRequestToken: 'v2', Step: name });
const aurora = { TARGET: 'aurora-cluster', RESOURCE_ID: 'strata-prod-use1-platform' };
const redis = { TARGET: 'elasticache-auth-token', RESOURCE_ID: 'strata-prod-use1-cache' };
const commands = (calls: Call[]) =>
  calls.filter(([, c]) => !c.startsWith('Describe') && c !== 'GetSecretValue');

describe('the credential rotation function', () => {
  it('creates a pending Aurora secret with the same user and a new password, once', async () => {
    const aws = fakeAws({
      current: JSON.stringify({ username: 'platform_admin', password: 'old' }),
    });
    await rotate(step('createSecret'), aws.clients, aurora);
    expect(JSON.parse(aws.values.v2)).toEqual({
      username: 'platform_admin',
      password: 'n3w-Secret&Value',
    });
    await rotate(step('createSecret'), aws.clients, aurora);
    expect(commands(aws.calls).filter(([, c]) => c === 'PutSecretValue')).toHaveLength(1);
  });

  it('sets the Aurora master password through the RDS API and waits for the cluster', async () => {
    const aws = fakeAws({
      current: JSON.stringify({ username: 'u', password: 'old' }),
      pending: JSON.stringify({ username: 'u', password: 'new' }),
      statuses: ['modifying', 'modifying', 'available'],
    });
    await rotate(step('setSecret'), aws.clients, aurora);
    expect(commands(aws.calls)).toEqual([
      [
        'rds',
        'ModifyDBCluster',
        {
          DBClusterIdentifier: aurora.RESOURCE_ID,
          MasterUserPassword: 'new',
          ApplyImmediately: true,
        },
      ],
    ]);
    expect(aws.calls.filter(([, c]) => c === 'DescribeDBClusters')).toHaveLength(3);
  });

  it("sets a global database's password on whichever member is the writer, in its region", async () => {
    const members = (writer: 'use1' | 'usw2') => [
      {
        DBClusterArn: 'arn:aws:rds:us-east-1:111111111111:cluster:strata-prod-use1-platform',
        IsWriter: writer === 'use1',
      },
      {
        DBClusterArn: 'arn:aws:rds:us-west-2:111111111111:cluster:strata-prod-usw2-platform',
        IsWriter: writer === 'usw2',
      },
    ];
    const global = { ...aurora, GLOBAL_CLUSTER_ID: 'strata-prod-platform' };
    const secrets = {
      current: JSON.stringify({ username: 'u', password: 'old' }),
      pending: JSON.stringify({ username: 'u', password: 'new' }),
    };
    // After a failover the writer is in us-west-2: the us-east-1 member refuses the change.
    const failedOver = fakeAws({ ...secrets, globalMembers: members('usw2') });
    await rotate(step('setSecret'), failedOver.clients, global);
    const modify = (calls: Call[]) => calls.filter(([, c]) => c === 'ModifyDBCluster');
    expect(modify(failedOver.calls)).toEqual([
      [
        'rds',
        'ModifyDBCluster',
        {
          DBClusterIdentifier: 'strata-prod-usw2-platform',
          MasterUserPassword: 'new',
          ApplyImmediately: true,
        },
        'us-west-2',
      ],
    ]);
    expect(failedOver.calls.filter(([, c]) => c === 'DescribeDBClusters')[0][3]).toBe('us-west-2');
    const home = fakeAws({ ...secrets, globalMembers: members('use1') });
    await rotate(step('setSecret'), home.clients, global);
    expect(modify(home.calls)[0][2].DBClusterIdentifier).toBe('strata-prod-use1-platform');
    // No writer (mid-failover): nothing is changed, and the rotation retries later.
    const between = fakeAws({ ...secrets, globalMembers: [] });
    await expect(rotate(step('setSecret'), between.clients, global)).rejects.toThrow(
      'has no writer',
    );
    expect(modify(between.calls)).toEqual([]);
  });

  it('rotates a Redis AUTH token, keeping the current one valid', async () => {
    const aws = fakeAws({ current: 'old-token', pending: 'new-token' });
    await rotate(step('setSecret'), aws.clients, redis);
    expect(commands(aws.calls)).toEqual([
      [
        'elasticache',
        'ModifyReplicationGroup',
        {
          ReplicationGroupId: redis.RESOURCE_ID,
          AuthToken: 'new-token',
          AuthTokenUpdateStrategy: 'ROTATE',
          ApplyImmediately: true,
        },
      ],
    ]);
  });

  it('retires the token before the current one when two are live, then rotates', async () => {
    const aws = fakeAws({ current: 'old-token', pending: 'new-token', failFirstRotate: true });
    await rotate(step('setSecret'), aws.clients, redis);
    expect(
      commands(aws.calls).map(
        ([, c, input]) => `${c} ${input.AuthTokenUpdateStrategy} ${input.AuthToken}`,
      ),
    ).toEqual([
      'ModifyReplicationGroup ROTATE new-token',
      'ModifyReplicationGroup SET old-token',
      'ModifyReplicationGroup ROTATE new-token',
    ]);
  });

  it('finishes by making the pending version current', async () => {
    const aws = fakeAws({ current: 'old-token', pending: 'new-token' });
    await rotate(step('finishSecret'), aws.clients, redis);
    expect(commands(aws.calls)).toEqual([
      [
        'secrets',
        'UpdateSecretVersionStage',
        {
          SecretId: 'arn:secret',
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: 'v2',
          RemoveFromVersionId: 'v1',
        },
      ],
    ]);
  });

  it('refuses a version that is not pending', async () => {
    const aws = fakeAws({ current: 'old' });
    await expect(
      rotate({ ...step('setSecret'), ClientRequestToken: 'v9' }, aws.clients, redis),
    ).rejects.toThrow('version v9 of arn:secret has no stage');
  });
});
