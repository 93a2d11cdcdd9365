import { defineLayerContract } from './layer-contract';

/** What one region's data stack exports for observability, edge and the other region. */
export const DATA_CONTRACT = defineLayerContract({
  layer: 'data',
  outputs: {
    databaseClusterIdentifier: { kind: 'string', description: 'Aurora cluster identifier' },
    databaseWriterEndpoint: { kind: 'string', description: 'Aurora cluster (writer) endpoint' },
    databaseReaderEndpoint: { kind: 'string', description: 'Aurora reader endpoint' },
    databaseProxyEndpoint: {
      kind: 'string',
      description:
        'RDS Proxy endpoint applications connect to (in a global secondary it serves writes once this region holds the writer)',
    },
    databaseName: { kind: 'string', description: 'The database the components work in' },
    databaseProxyResourceId: {
      kind: 'string',
      description:
        'Resource id (prx-...) of that RDS Proxy: components log in through it as their own PostgreSQL role with IAM tokens',
    },
    databaseSecretArn: {
      kind: 'string',
      description:
        'Secrets Manager ARN of the master credentials in this region (a global secondary: the replica of the primary secret)',
    },
    databaseSecurityGroupId: { kind: 'string', description: 'Security group of Aurora' },
    globalClusterIdentifier: {
      kind: 'string',
      description: 'Aurora global database identifier; empty without replication',
    },
    tableName: { kind: 'string', description: 'Platform DynamoDB table' },
    tableArn: { kind: 'string', description: 'ARN of the table (or replica) in this region' },
    daxEndpoint: { kind: 'string', description: 'DAX cluster discovery endpoint (TLS)' },
    redisEndpoint: { kind: 'string', description: 'Redis cluster-mode configuration endpoint' },
    redisReplicationGroupId: {
      kind: 'string',
      description:
        'ElastiCache replication group id: components sign IAM login tokens for it, as the user redisUserId(<id>, <component>)',
    },
    specsBucketName: { kind: 'string', description: 'API specifications and artifacts bucket' },
    auditBucketName: { kind: 'string', description: 'Audit log bucket (Object Lock)' },
    auditBucketArn: { kind: 'string', description: 'ARN of the audit log bucket' },
    staticAssetsBucketName: { kind: 'string', description: 'Static assets bucket (edge origin)' },
    staticAssetsBucketArn: { kind: 'string', description: 'ARN of the static assets bucket' },
    staticAssetsBucketDomainName: {
      kind: 'string',
      description: 'Regional domain name of the static assets bucket, for CloudFront',
    },
    accessLogBucketName: { kind: 'string', description: 'S3 server access log bucket' },
    searchEndpoint: { kind: 'string', description: 'OpenSearch VPC endpoint (HTTPS)' },
    searchDomainName: { kind: 'string', description: 'OpenSearch domain (DomainName dimension)' },
    kafkaBootstrapBrokers: {
      kind: 'string',
      description: 'MSK bootstrap brokers for IAM authentication over TLS',
    },
    kafkaClusterArn: { kind: 'string', description: 'MSK cluster ARN' },
    kafkaClusterUuid: {
      kind: 'string',
      description: "MSK's id of the cluster, which its topic and group ARNs carry",
    },
    kafkaClusterName: {
      kind: 'string',
      description: 'MSK cluster name ("Cluster Name" dimension)',
    },
    queueNames: {
      kind: 'stringList',
      description: 'Job queue names, in PLATFORM_QUEUES order (for alarms)',
    },
    queueUrls: { kind: 'stringList', description: 'Job queue URLs, in PLATFORM_QUEUES order' },
    deadLetterQueueNames: {
      kind: 'stringList',
      description: 'Dead-letter queue names, in PLATFORM_QUEUES order (for alarms)',
    },
    backupVaultArn: { kind: 'string', description: 'AWS Backup vault of this region' },
    failoverRunbookName: {
      kind: 'string',
      description: 'SSM Automation runbook moving the global writer here (empty when unreplicated)',
    },
    restoreValidationFunctionName: {
      kind: 'string',
      description: 'Function validating the weekly restore tests (alarmed on its errors)',
    },
    dataKeyArns: {
      kind: 'stringList',
      description: 'KMS keys of this region, in DATA_KEY_PURPOSES order',
    },
  },
});

export type DataContract = typeof DATA_CONTRACT;
