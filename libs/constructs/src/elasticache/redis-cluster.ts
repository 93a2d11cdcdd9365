import { Construct } from 'constructs';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { DataStorePlacement, DataStoreSecurityGroup } from '../network/data-store-security-group';
import { CredentialRotation, RotationTarget } from '../secrets/credential-rotation';
import { GeneratedSecret } from '../secrets/generated-secret';
import { DATA_STORE_PORTS } from '../network/data-store-ports';
import { IKmsKey } from '../kms/kms-key';
import { grantToRole, IRole } from '../iam/grant';
import { arnOf } from '../scope/aws-environment';
import { elastiCacheIdRule } from '../validation/aws-name-rules';
import { PropError } from '../validation/prop-error';

/** How clients log in to the cluster. */
export enum RedisAuthentication {
  /**
   * ElastiCache users with IAM authentication: a client signs a 15-minute token with its own
   * AWS credentials (`elasticache:Connect`, see `grantConnect`); no secret exists anywhere.
   */
  IAM = 'iam',
  /**
   * One shared AUTH token kept in Secrets Manager and rotated on schedule. Terraform writes it
   * at create, so it is in that plan and in state: the provider has no write-only token
   * argument. For clients that cannot sign IAM tokens.
   */
  AUTH_TOKEN = 'auth-token',
}

/** The id (and, as IAM authentication requires, the name) of a cluster's IAM user. */
export function redisUserId(replicationGroupId: string, user: string): string {
  return `${replicationGroupId}-${user}`;
}

/**
 * What a client's user may do: every command on every key, except the `@dangerous` ones
 * (FLUSHALL, KEYS, MONITOR, CONFIG, DEBUG, ...) that no service needs and that an intruder
 * would use first; INFO stays, as client libraries send it to check a connection.
 */
export const REDIS_CLIENT_ACCESS = 'on ~* +@all -@dangerous +info';

/** The user name ElastiCache requires in every user group. */
const DEFAULT_USER = 'default';

const userGroupId = (clusterName: string) => `${clusterName}-users`;

/** A Redis cluster that grants IAM logins: defined here or imported. */
export interface IRedisCluster {
  /** The replication group's ID. */
  readonly replicationGroupId: string;
  /**
   * Lets `grantee` log in as the cluster's IAM user `user` (one of `iamUsers`): `elasticache:Connect`
   * on the replication group and on that user.
   */
  grantConnect(grantee: IRole, user: string): void;
}

/** The grant of every cluster: the user's ARN is its id under the group's account and region. */
abstract class RedisBase extends Construct implements IRedisCluster {
  abstract readonly replicationGroupId: string;

  grantConnect(grantee: IRole, user: string): void {
    grantToRole(
      grantee,
      ['elasticache:Connect'],
      [
        arnOf(this, {
          service: 'elasticache',
          resource: `replicationgroup:${this.replicationGroupId}`,
        }),
        arnOf(this, {
          service: 'elasticache',
          resource: `user:${redisUserId(this.replicationGroupId, user)}`,
        }),
      ],
    );
  }
}

class ImportedRedis extends RedisBase {
  constructor(
    scope: Construct,
    id: string,
    /** The replication group's ID. */
    readonly replicationGroupId: string,
  ) {
    super(scope, id);
  }
}

/** Properties of {@link RedisCluster}. */
export interface RedisClusterProps extends DataStorePlacement {
  /** Replication group id, at most 40 characters. */
  readonly clusterName: string;
  /** The nodes' instance type. */
  readonly nodeType: string;
  /** Shards (node groups), each with a primary and its replicas. */
  readonly shards: number;
  /** At least one: Multi-AZ automatic failover promotes a replica. */
  readonly replicasPerShard: number;
  /** Days snapshots are kept. */
  readonly snapshotRetentionDays: number;
  /** Encrypts the data at rest and the AUTH token secret. */
  readonly kmsKey: IKmsKey;
  /** Encrypts the slow log group; its policy must allow CloudWatch Logs. */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** How clients log in. @default RedisAuthentication.IAM */
  readonly authentication?: RedisAuthentication;
  /**
   * With IAM authentication, the users to create, one per client service (id
   * `redisUserId(clusterName, user)`, access `REDIS_CLIENT_ACCESS`); grant each with
   * `grantConnect`. @default none
   */
  readonly iamUsers?: readonly string[];
  /** Days between AUTH token rotations (AUTH_TOKEN only). @default 30 */
  readonly rotateAfterDays?: number;
}

/** Redis OSS 7.1, the newest ElastiCache Redis (not Valkey) engine line. */
const REDIS_ENGINE_VERSION = '7.1';

/**
 * ElastiCache Redis in cluster mode: shards with replicas in other AZs and automatic
 * failover, encryption at rest (KMS) and in transit (TLS required), IAM-authenticated users
 * (or a rotated AUTH token in Secrets Manager), daily snapshots, LRU eviction and slow logs in
 * CloudWatch.
 */
export class RedisCluster extends RedisBase {
  /** The configuration's endpoint. */
  readonly configurationEndpoint: string;
  /** The AUTH token's secret; only with `RedisAuthentication.AUTH_TOKEN`. */
  readonly authSecretArn?: string;
  /** The security group's ID. */
  readonly securityGroupId: string;
  /** The replication group's ID. */
  readonly replicationGroupId: string;

  /** A cluster another stack created, e.g. from a layer contract, to grant logins to. */
  static fromReplicationGroupId(
    scope: Construct,
    id: string,
    replicationGroupId: string,
  ): IRedisCluster {
    return new ImportedRedis(scope, id, replicationGroupId);
  }

  constructor(scope: Construct, id: string, props: RedisClusterProps) {
    super(scope, id);
    const authentication = props.authentication ?? RedisAuthentication.IAM;
    const iamUsers = props.iamUsers ?? [];
    if (authentication !== RedisAuthentication.IAM && iamUsers.length > 0) {
      throw new Error(
        `RedisCluster ${props.clusterName}: iamUsers needs authentication RedisAuthentication.IAM`,
      );
    }
    if (iamUsers.includes(DEFAULT_USER)) {
      throw new Error(
        `RedisCluster ${props.clusterName}: iamUsers may not name "${DEFAULT_USER}", the user every connection without a login becomes`,
      );
    }
    const idRule = elastiCacheIdRule(props.clusterName);
    if (idRule) throw new PropError(this, 'clusterName', props.clusterName, idRule);
    const provider = props.provider;
    const name = props.clusterName;
    const parameters = new ElasticacheParameterGroup(this, 'parameters', {
      provider,
      name: `${name}-redis7`,
      family: 'redis7',
      description: `Cluster mode with LRU eviction for ${name}`,
      parameter: [
        { name: 'cluster-enabled', value: 'yes' },
        { name: 'maxmemory-policy', value: 'allkeys-lru' },
      ],
    });
    const subnets = new ElasticacheSubnetGroup(this, 'subnets', {
      provider,
      name: `${name}-data`,
      description: `Isolated data subnets of ${name}`,
      subnetIds: props.subnetIds,
    });
    const securityGroup = new DataStoreSecurityGroup(this, 'security-group', {
      provider,
      name: `${name}-redis`,
      description: `Redis ${name}: ${DATA_STORE_PORTS.redis} from the workload subnets only`,
      vpcId: props.vpcId,
      ports: [DATA_STORE_PORTS.redis],
      allowedCidrs: props.allowedCidrs,
    });
    this.securityGroupId = securityGroup.securityGroupId;
    const auth =
      authentication === RedisAuthentication.AUTH_TOKEN ? this.authToken(props) : undefined;
    this.authSecretArn = auth?.secretArn;
    const userGroup =
      authentication === RedisAuthentication.IAM ? this.iamUserGroup(props, iamUsers) : undefined;
    const slowLog = new EncryptedLogGroup(this, 'slow-log', {
      provider,
      logGroupName: `/aws/elasticache/${name}/slow-log`,
      kmsKey: props.logKmsKey,
      retentionInDays: props.logRetentionDays,
    });
    const group = new ElasticacheReplicationGroup(this, 'group', {
      provider,
      replicationGroupId: name,
      description: `Redis cluster ${name}`,
      engine: 'redis',
      engineVersion: REDIS_ENGINE_VERSION,
      nodeType: props.nodeType,
      port: DATA_STORE_PORTS.redis,
      clusterMode: 'enabled',
      numNodeGroups: props.shards,
      replicasPerNodeGroup: props.replicasPerShard,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      parameterGroupName: parameters.name,
      subnetGroupName: subnets.name,
      securityGroupIds: [securityGroup.securityGroupId],
      atRestEncryptionEnabled: 'true',
      kmsKeyId: props.kmsKey.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      authToken: auth?.password,
      userGroupIds: userGroup ? [userGroup.userGroupId] : undefined,
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: '02:00-03:00',
      maintenanceWindow: 'sun:05:00-sun:06:00',
      autoMinorVersionUpgrade: 'true',
      applyImmediately: false,
      logDeliveryConfiguration: [
        {
          destination: slowLog.logGroupName,
          destinationType: 'cloudwatch-logs',
          logFormat: 'json',
          logType: 'slow-log',
        },
      ],
      // Written once from the secret; rotate the secret and the token together.
      lifecycle: auth ? { ignoreChanges: ['auth_token'] } : undefined,
    });
    this.node.defaultChild = group;
    this.configurationEndpoint = group.configurationEndpointAddress;
    this.replicationGroupId = group.id;
  }

  /** The shared AUTH token: generated into Secrets Manager, rotated on schedule. */
  private authToken(props: RedisClusterProps): GeneratedSecret {
    const { provider, clusterName: name } = props;
    const auth = new GeneratedSecret(this, 'auth-token', {
      provider,
      secretName: `${name}/redis-auth`,
      description: `AUTH token of the ${name} Redis cluster`,
      kmsKey: props.kmsKey,
      length: 64,
      // ElastiCache AUTH tokens may hold only printable ASCII without these.
      excludeCharacters: '/"@ \'',
    });
    // The token rotates on schedule; the previous one stays valid until the next rotation.
    new CredentialRotation(this, 'auth-rotation', {
      provider,
      secretArn: auth.secretArn,
      secretKmsKey: props.kmsKey,
      target: RotationTarget.ELASTICACHE_AUTH_TOKEN,
      resourceId: name,
      functionName: `${name}-rotate-auth`,
      logKmsKey: props.logKmsKey,
      logRetentionDays: props.logRetentionDays,
      rotateAfterDays: props.rotateAfterDays,
    });
    return auth;
  }

  /**
   * The IAM users and their group. ElastiCache requires every group to hold a user named
   * `default`, which unauthenticated connections become: here it is switched off.
   */
  private iamUserGroup(props: RedisClusterProps, users: readonly string[]): ElasticacheUserGroup {
    const { provider, clusterName: name } = props;
    /** An id this construct makes, checked against ElastiCache's rule before anything is made. */
    const checked = (prop: string, id: string, from: string): string => {
      const rule = elastiCacheIdRule(id);
      if (rule) throw new PropError(this, prop, from, `makes the id "${id}": ${rule}`);
      return id;
    };
    const idOf = (user: string) => checked('iamUsers', redisUserId(name, user), user);
    const userIds = users.map(idOf);
    const groupId = checked('clusterName', userGroupId(name), name);
    const disabledDefault = new ElasticacheUser(this, 'default-user', {
      provider,
      userId: idOf(DEFAULT_USER),
      userName: DEFAULT_USER,
      engine: 'redis',
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    const clients = users.map(
      (user, index) =>
        new ElasticacheUser(this, `user-${user}`, {
          provider,
          userId: userIds[index],
          userName: userIds[index],
          engine: 'redis',
          accessString: REDIS_CLIENT_ACCESS,
          authenticationMode: { type: 'iam' },
        }),
    );
    return new ElasticacheUserGroup(this, 'users', {
      provider,
      userGroupId: groupId,
      engine: 'redis',
      userIds: [disabledDefault, ...clients].map((user) => user.userId),
    });
  }
}
