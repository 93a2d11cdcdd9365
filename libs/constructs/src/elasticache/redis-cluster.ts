import { Construct } from 'constructs';
import { ElasticacheParameterGroup } from '@cdktf/provider-aws/lib/elasticache-parameter-group';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { EncryptedLogGroup } from '../logs/encrypted-log-group';
import { DataStorePlacement, DataStoreSecurityGroup } from '../network/data-store-security-group';
import { CredentialRotation, RotationTarget } from '../secrets/credential-rotation';
import { GeneratedSecret } from '../secrets/generated-secret';
import { DATA_STORE_PORTS } from '../network/data-store-ports';
import { IKmsKey } from '../kms/kms-key';

export interface RedisClusterProps extends DataStorePlacement {
  /** Replication group id, at most 40 characters. */
  readonly clusterName: string;
  readonly nodeType: string;
  readonly shards: number;
  /** At least one: Multi-AZ automatic failover promotes a replica. */
  readonly replicasPerShard: number;
  readonly snapshotRetentionDays: number;
  /** Encrypts the data at rest and the AUTH token secret. */
  readonly kmsKey: IKmsKey;
  /** Encrypts the slow log group; its policy must allow CloudWatch Logs. */
  readonly logKmsKey: IKmsKey;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** Days between AUTH token rotations. @default 30 */
  readonly rotateAfterDays?: number;
}

/** Redis OSS 7.1, the newest ElastiCache Redis (not Valkey) engine line. */
const REDIS_ENGINE_VERSION = '7.1';

/**
 * ElastiCache Redis in cluster mode: shards with replicas in other AZs and automatic
 * failover, encryption at rest (KMS) and in transit (TLS required), an AUTH token kept in
 * Secrets Manager and rotated on schedule, daily snapshots, LRU eviction and slow logs in
 * CloudWatch.
 */
export class RedisCluster extends Construct {
  readonly configurationEndpoint: string;
  readonly authSecretArn: string;
  readonly securityGroupId: string;
  readonly replicationGroupId: string;

  constructor(scope: Construct, id: string, props: RedisClusterProps) {
    super(scope, id);
    if (props.replicasPerShard < 1) {
      throw new Error(
        `RedisCluster ${props.clusterName}: replicasPerShard must be at least 1 for Multi-AZ failover`,
      );
    }
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
    const auth = new GeneratedSecret(this, 'auth-token', {
      provider,
      secretName: `${name}/redis-auth`,
      description: `AUTH token of the ${name} Redis cluster`,
      kmsKey: props.kmsKey,
      length: 64,
      // ElastiCache AUTH tokens may hold only printable ASCII without these.
      excludeCharacters: '/"@ \'',
    });
    this.authSecretArn = auth.secretArn;
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
      authToken: auth.password,
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
      lifecycle: { ignoreChanges: ['auth_token'] },
    });
    this.node.defaultChild = group;
    this.configurationEndpoint = group.configurationEndpointAddress;
    this.replicationGroupId = group.id;
  }
}
