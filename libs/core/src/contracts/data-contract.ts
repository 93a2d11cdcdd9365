import { defineLayerContract, contractOutput } from './layer-contract';

/** What one region's data stack exports for observability, edge and the other region. */
export const DATA_CONTRACT = defineLayerContract({
  layer: 'data',
  outputs: {
    databaseClusterIdentifier: contractOutput('string', 'Aurora cluster identifier'),
    databaseWriterEndpoint: contractOutput('string', 'Aurora cluster (writer) endpoint'),
    databaseReaderEndpoint: contractOutput('string', 'Aurora reader endpoint'),
    databaseProxyEndpoint: contractOutput(
      'string',
      'RDS Proxy endpoint applications connect to (in a global secondary it serves writes once this region holds the writer)',
    ),
    databaseName: contractOutput('string', 'The database the components work in'),
    databaseProxyResourceId: contractOutput(
      'string',
      'Resource id (prx-...) of that RDS Proxy: components log in through it as their own PostgreSQL role with IAM tokens',
    ),
    databaseSecretArn: contractOutput(
      'string',
      'Secrets Manager ARN of the master credentials in this region (a global secondary: the replica of the primary secret)',
    ),
    databaseSecurityGroupId: contractOutput('string', 'Security group of Aurora'),
    globalClusterIdentifier: contractOutput(
      'string',
      'Aurora global database identifier; empty without replication',
    ),
    tableName: contractOutput('string', 'Platform DynamoDB table'),
    tableArn: contractOutput('string', 'ARN of the table (or replica) in this region'),
    daxEndpoint: contractOutput('string', 'DAX cluster discovery endpoint (TLS)'),
    redisEndpoint: contractOutput('string', 'Redis cluster-mode configuration endpoint'),
    redisReplicationGroupId: contractOutput(
      'string',
      'ElastiCache replication group id: components sign IAM login tokens for it, as the user redisUserId(<id>, <component>)',
    ),
    specsBucketName: contractOutput('string', 'API specifications and artifacts bucket'),
    auditBucketName: contractOutput('string', 'Audit log bucket (Object Lock)'),
    auditBucketArn: contractOutput('string', 'ARN of the audit log bucket'),
    staticAssetsBucketName: contractOutput('string', 'Static assets bucket (edge origin)'),
    staticAssetsBucketArn: contractOutput('string', 'ARN of the static assets bucket'),
    staticAssetsBucketDomainName: contractOutput(
      'string',
      'Regional domain name of the static assets bucket, for CloudFront',
    ),
    accessLogBucketName: contractOutput('string', 'S3 server access log bucket'),
    searchEndpoint: contractOutput('string', 'OpenSearch VPC endpoint (HTTPS)'),
    searchDomainName: contractOutput('string', 'OpenSearch domain (DomainName dimension)'),
    kafkaBootstrapBrokers: contractOutput(
      'string',
      'MSK bootstrap brokers for IAM authentication over TLS',
    ),
    kafkaClusterArn: contractOutput('string', 'MSK cluster ARN'),
    kafkaClusterUuid: contractOutput(
      'string',
      "MSK's id of the cluster, which its topic and group ARNs carry",
    ),
    kafkaClusterName: contractOutput('string', 'MSK cluster name ("Cluster Name" dimension)'),
    queueNames: contractOutput(
      'stringList',
      'Job queue names, in PLATFORM_QUEUES order (for alarms)',
    ),
    queueUrls: contractOutput('stringList', 'Job queue URLs, in PLATFORM_QUEUES order'),
    deadLetterQueueNames: contractOutput(
      'stringList',
      'Dead-letter queue names, in PLATFORM_QUEUES order (for alarms)',
    ),
    backupVaultArn: contractOutput('string', 'AWS Backup vault of this region'),
    failoverRunbookName: contractOutput(
      'string',
      'SSM Automation runbook moving the global writer here (empty when unreplicated)',
    ),
    restoreValidationFunctionName: contractOutput(
      'string',
      'Function validating the weekly restore tests (alarmed on its errors)',
    ),
    dataKeyArns: contractOutput(
      'stringList',
      'KMS keys of this region, in DATA_KEY_PURPOSES order',
    ),
  },
});

/** The type of the data layer's contract. */
export type DataContract = typeof DATA_CONTRACT;
