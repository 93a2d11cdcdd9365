import { defineLayerContract, contractOutput } from './layer-contract';

/** What one region's data stack exports for observability, edge and the other region. */
export const DATA_CONTRACT = defineLayerContract({
  layer: 'data',
  outputs: {
    /** Aurora cluster identifier. */
    databaseClusterIdentifier: contractOutput('string', 'Aurora cluster identifier'),
    /** Aurora cluster (writer) endpoint. */
    databaseWriterEndpoint: contractOutput('string', 'Aurora cluster (writer) endpoint'),
    /** Aurora reader endpoint. */
    databaseReaderEndpoint: contractOutput('string', 'Aurora reader endpoint'),
    /** RDS Proxy endpoint applications connect to (in a global secondary it serves writes once this region holds the writer). */
    databaseProxyEndpoint: contractOutput(
      'string',
      'RDS Proxy endpoint applications connect to (in a global secondary it serves writes once this region holds the writer)',
    ),
    /** The database the components work in. */
    databaseName: contractOutput('string', 'The database the components work in'),
    /** Resource id (prx-...) of that RDS Proxy: components log in through it as their own PostgreSQL role with IAM tokens. */
    databaseProxyResourceId: contractOutput(
      'string',
      'Resource id (prx-...) of that RDS Proxy: components log in through it as their own PostgreSQL role with IAM tokens',
    ),
    /** Secrets Manager ARN of the master credentials in this region (a global secondary: the replica of the primary secret). */
    databaseSecretArn: contractOutput(
      'string',
      'Secrets Manager ARN of the master credentials in this region (a global secondary: the replica of the primary secret)',
    ),
    /** Security group of Aurora. */
    databaseSecurityGroupId: contractOutput('string', 'Security group of Aurora'),
    /** Aurora global database identifier; empty without replication. */
    globalClusterIdentifier: contractOutput(
      'string',
      'Aurora global database identifier; empty without replication',
    ),
    /** Platform DynamoDB table. */
    tableName: contractOutput('string', 'Platform DynamoDB table'),
    /** ARN of the table (or replica) in this region. */
    tableArn: contractOutput('string', 'ARN of the table (or replica) in this region'),
    /** DAX cluster discovery endpoint (TLS). */
    daxEndpoint: contractOutput('string', 'DAX cluster discovery endpoint (TLS)'),
    /** Redis cluster-mode configuration endpoint. */
    redisEndpoint: contractOutput('string', 'Redis cluster-mode configuration endpoint'),
    /** ElastiCache replication group id: components sign IAM login tokens for it, as the user redisUserId(<id>, <component>). */
    redisReplicationGroupId: contractOutput(
      'string',
      'ElastiCache replication group id: components sign IAM login tokens for it, as the user redisUserId(<id>, <component>)',
    ),
    /** API specifications and artifacts bucket. */
    specsBucketName: contractOutput('string', 'API specifications and artifacts bucket'),
    /** Audit log bucket (Object Lock). */
    auditBucketName: contractOutput('string', 'Audit log bucket (Object Lock)'),
    /** ARN of the audit log bucket. */
    auditBucketArn: contractOutput('string', 'ARN of the audit log bucket'),
    /** Static assets bucket (edge origin). */
    staticAssetsBucketName: contractOutput('string', 'Static assets bucket (edge origin)'),
    /** ARN of the static assets bucket. */
    staticAssetsBucketArn: contractOutput('string', 'ARN of the static assets bucket'),
    /** Regional domain name of the static assets bucket, for CloudFront. */
    staticAssetsBucketDomainName: contractOutput(
      'string',
      'Regional domain name of the static assets bucket, for CloudFront',
    ),
    /** S3 server access log bucket. */
    accessLogBucketName: contractOutput('string', 'S3 server access log bucket'),
    /** OpenSearch VPC endpoint (HTTPS). */
    searchEndpoint: contractOutput('string', 'OpenSearch VPC endpoint (HTTPS)'),
    /** OpenSearch domain (DomainName dimension). */
    searchDomainName: contractOutput('string', 'OpenSearch domain (DomainName dimension)'),
    /** MSK bootstrap brokers for IAM authentication over TLS. */
    kafkaBootstrapBrokers: contractOutput(
      'string',
      'MSK bootstrap brokers for IAM authentication over TLS',
    ),
    /** MSK cluster ARN. */
    kafkaClusterArn: contractOutput('string', 'MSK cluster ARN'),
    /** MSK's id of the cluster, which its topic and group ARNs carry. */
    kafkaClusterUuid: contractOutput(
      'string',
      "MSK's id of the cluster, which its topic and group ARNs carry",
    ),
    /** MSK cluster name ("Cluster Name" dimension). */
    kafkaClusterName: contractOutput('string', 'MSK cluster name ("Cluster Name" dimension)'),
    /** Security group of the MSK brokers (the replicator's interfaces are let in). */
    kafkaSecurityGroupId: contractOutput(
      'string',
      "Security group of the MSK brokers (the replicator's interfaces are let in)",
    ),
    /** Job queue names, in PLATFORM_QUEUES order (for alarms). */
    queueNames: contractOutput(
      'stringList',
      'Job queue names, in PLATFORM_QUEUES order (for alarms)',
    ),
    /** Job queue URLs, in PLATFORM_QUEUES order. */
    queueUrls: contractOutput('stringList', 'Job queue URLs, in PLATFORM_QUEUES order'),
    /** Dead-letter queue names, in PLATFORM_QUEUES order (for alarms). */
    deadLetterQueueNames: contractOutput(
      'stringList',
      'Dead-letter queue names, in PLATFORM_QUEUES order (for alarms)',
    ),
    /** AWS Backup vault of this region. */
    backupVaultArn: contractOutput('string', 'AWS Backup vault of this region'),
    /** SSM Automation runbook moving the global writer here (empty when unreplicated). */
    failoverRunbookName: contractOutput(
      'string',
      'SSM Automation runbook moving the global writer here (empty when unreplicated)',
    ),
    /** The role the failover runbook runs as (empty when unreplicated). */
    failoverRunbookRoleArn: contractOutput(
      'string',
      'The role the failover runbook runs as (empty when unreplicated)',
    ),
    /** Function validating the weekly restore tests (alarmed on its errors). */
    restoreValidationFunctionName: contractOutput(
      'string',
      'Function validating the weekly restore tests (alarmed on its errors)',
    ),
    /** KMS keys of this region, in DATA_KEY_PURPOSES order. */
    dataKeyArns: contractOutput(
      'stringList',
      'KMS keys of this region, in DATA_KEY_PURPOSES order',
    ),
  },
});

/** The type of the data layer's contract. */
export type DataContract = typeof DATA_CONTRACT;
