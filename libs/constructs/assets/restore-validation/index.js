// Validates what an AWS Backup restore test restored, then reports the result to AWS Backup
// (PutRestoreValidationResult) so the restore job shows SUCCESSFUL or FAILED with the reason
// and the measured times. Restores not made by a restore testing plan are left alone. A failed
// validation also fails the invocation, which the observability layer alarms on.
//
// Checks: a DynamoDB table is active, encrypted and holds an item; an S3 bucket has default
// encryption and holds an object; an Aurora cluster is available and encrypted, and then its
// data is read. A restored Aurora cluster has no instance, so reading takes two events:
//  1. "Restore Job State Change" COMPLETED (aws.backup): the cluster's master password is
//     put in Secrets Manager and the Data API enabled (neither survives a restore), and a
//     small Serverless v2 instance (the Data API serves no burstable class) is created, tagged
//     with the restore job; the job is reported VALIDATING.
//  2. "RDS DB Instance Event" RDS-EVENT-0005, instance created (aws.rds): the database is read
//     through the Data API (the component schemas and extensions are there, tables hold data),
//     the instance is deleted again and the job reported. The Data API needs no VPC.
// Runs on the Lambda Node.js runtime's bundled AWS SDK v3.
'use strict';

/** Tags the check instance with the restore job it reports on. */
const JOB_TAG = 'strata:restore-job-id';
/** RDS's event for a created DB instance. */
const INSTANCE_CREATED = 'RDS-EVENT-0005';

/**
 * Per schema: its tables, and how many hold data pages. Sizes and the catalog need no grant on
 * the components' tables, which the master user (not a superuser on RDS) does not read.
 */
const DATA_SQL = `SELECT n.nspname AS "schema",
       count(c.oid)::int AS "tables",
       (count(c.oid) FILTER (WHERE pg_relation_size(c.oid) > 0))::int AS "withData"
  FROM pg_namespace n
  LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'm')
 WHERE n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
 GROUP BY n.nspname ORDER BY n.nspname`;
const EXTENSIONS_SQL = 'SELECT extname AS "name" FROM pg_extension ORDER BY extname';

function clientsFromRuntime() {
  const load = (name) => require(`@aws-sdk/client-${name}`);
  const made = {};
  const client = (name, className) => {
    made[name] ??= new (load(name)[`${className}Client`])({});
    return (command, input) => made[name].send(new (load(name)[`${command}Command`])(input));
  };
  return {
    backup: client('backup', 'Backup'),
    rds: client('rds', 'RDS'),
    data: client('rds-data', 'RDSData'),
    dynamodb: client('dynamodb', 'DynamoDB'),
    s3: client('s3', 'S3'),
  };
}

/** What the Aurora data check expects, from the function's environment. */
function settingsFromEnvironment(env = process.env) {
  const list = (value) => (value ?? '').split(',').filter(Boolean);
  return {
    instanceClass: env.CHECK_INSTANCE_CLASS,
    capacity: (env.CHECK_CAPACITY ?? '').split('-').map(Number),
    secretKmsKeyId: env.SECRET_KMS_KEY_ID,
    schemas: list(env.EXPECTED_SCHEMAS),
    extensions: list(env.EXPECTED_EXTENSIONS),
  };
}

/** The resource name at the end of an ARN (`cluster:x`, `table/x`, `:::x`). */
function nameOf(arn) {
  return arn.split(/[:/]/).pop();
}

/** The check instance of a restored cluster (at most 63 characters, no trailing hyphen). */
function checkInstanceName(clusterName) {
  return `${clusterName.slice(0, 57).replace(/-+$/, '')}-check`;
}

async function describeCluster(clients, name) {
  const { DBClusters: clusters = [] } = await clients.rds('DescribeDBClusters', {
    DBClusterIdentifier: name,
  });
  return clusters[0];
}

/** Problems with a restored Aurora cluster as described; empty when it is usable. */
function clusterProblems(cluster, name) {
  if (!cluster) return [`cluster ${name} not found`];
  return [
    ...(cluster.Status === 'available' ? [] : [`cluster status is ${cluster.Status}`]),
    ...(cluster.StorageEncrypted ? [] : ['cluster storage is not encrypted']),
  ];
}

/** Problems with a restored table or bucket; empty when it is usable. */
async function problemsOf(clients, resourceType, arn) {
  const name = nameOf(arn);
  switch (resourceType) {
    case 'DynamoDB': {
      const { Table: table } = await clients.dynamodb('DescribeTable', { TableName: name });
      const problems = [
        ...(table.TableStatus === 'ACTIVE' ? [] : [`table status is ${table.TableStatus}`]),
        ...(table.SSEDescription?.Status === 'ENABLED' ? [] : ['table is not KMS-encrypted']),
      ];
      const { Count: count } = await clients.dynamodb('Scan', { TableName: name, Limit: 1 });
      return count > 0 ? problems : [...problems, 'table holds no item'];
    }
    case 'S3': {
      const problems = [];
      try {
        await clients.s3('GetBucketEncryption', { Bucket: name });
      } catch (error) {
        problems.push(`bucket has no default encryption (${error.name})`);
      }
      const { KeyCount: keys } = await clients.s3('ListObjectsV2', { Bucket: name, MaxKeys: 1 });
      return keys > 0 ? problems : [...problems, 'bucket holds no object'];
    }
    default:
      return [`no validation for resource type ${resourceType}`];
  }
}

const minutes = (from, to) => ((new Date(to) - new Date(from)) / 60_000).toFixed(1);

function timingsOf(job) {
  return [
    `restored in ${minutes(job.CreationDate, job.CompletionDate)} min`,
    job.RecoveryPointCreationDate
      ? `recovery point ${minutes(job.RecoveryPointCreationDate, job.CreationDate)} min old`
      : undefined,
  ].filter(Boolean);
}

/** Reports the outcome to AWS Backup; a failure also fails the invocation. */
async function report(clients, job, restoreJobId, problems, findings) {
  const result = {
    RestoreJobId: restoreJobId,
    ValidationStatus: problems.length === 0 ? 'SUCCESSFUL' : 'FAILED',
    ValidationStatusMessage: [...(problems.length ? problems : findings), ...timingsOf(job)]
      .join('; ')
      .slice(0, 1000),
  };
  await clients.backup('PutRestoreValidationResult', result);
  console.log(JSON.stringify({ resource: job.CreatedResourceArn, ...result }));
  if (problems.length)
    throw new Error(`restore ${restoreJobId} of ${job.ResourceType}: ${problems.join('; ')}`);
  return result;
}

/**
 * Step 1 of the Aurora data check: a secret for the master user, the Data API and an
 * instance to read through, tagged with the job.
 */
async function startDataCheck(clients, settings, name, cluster, restoreJobId) {
  const [minCapacity, maxCapacity] = settings.capacity;
  await clients.rds('ModifyDBCluster', {
    DBClusterIdentifier: name,
    ServerlessV2ScalingConfiguration: { MinCapacity: minCapacity, MaxCapacity: maxCapacity },
    ...(!cluster.MasterUserSecret && {
      ManageMasterUserPassword: true,
      MasterUserSecretKmsKeyId: settings.secretKmsKeyId,
    }),
    ApplyImmediately: true,
  });
  if (!cluster.HttpEndpointEnabled) {
    await clients.rds('EnableHttpEndpoint', { ResourceArn: cluster.DBClusterArn });
  }
  const instance = checkInstanceName(name);
  await clients.rds('CreateDBInstance', {
    DBInstanceIdentifier: instance,
    DBClusterIdentifier: name,
    Engine: cluster.Engine,
    DBInstanceClass: settings.instanceClass,
    PubliclyAccessible: false,
    Tags: [{ Key: JOB_TAG, Value: restoreJobId }],
  });
  const result = {
    RestoreJobId: restoreJobId,
    ValidationStatus: 'VALIDATING',
    ValidationStatusMessage: `usable; reading its data through instance ${instance}`,
  };
  await clients.backup('PutRestoreValidationResult', result);
  return result;
}

/** Validates one completed restore job; returns what it reported. */
async function validate(event, clients, settings = settingsFromEnvironment()) {
  const restoreJobId = event.detail.restoreJobId;
  const job = await clients.backup('DescribeRestoreJob', { RestoreJobId: restoreJobId });
  if (!job.CreatedBy?.RestoreTestingPlanArn || job.Status !== 'COMPLETED') return undefined;
  if (['Aurora', 'RDS'].includes(job.ResourceType)) {
    // Described once: its state is checked here, and the data check starts from it.
    const name = nameOf(job.CreatedResourceArn);
    const cluster = await describeCluster(clients, name);
    const problems = clusterProblems(cluster, name);
    if (problems.length === 0)
      return startDataCheck(clients, settings, name, cluster, restoreJobId);
    return report(clients, job, restoreJobId, problems, ['usable']);
  }
  const problems = await problemsOf(clients, job.ResourceType, job.CreatedResourceArn);
  return report(clients, job, restoreJobId, problems, ['usable']);
}

/** Runs one query through the Data API; its rows as objects. */
async function query(clients, cluster, sql) {
  const { formattedRecords } = await clients.data('ExecuteStatement', {
    resourceArn: cluster.DBClusterArn,
    secretArn: cluster.MasterUserSecret.SecretArn,
    database: cluster.DatabaseName ?? 'postgres',
    sql,
    formatRecordsAs: 'JSON',
  });
  return JSON.parse(formattedRecords ?? '[]');
}

/** What the restored database lacks; and what it holds, for the report. */
async function dataProblemsOf(clients, settings, cluster) {
  if (cluster.MasterUserSecret?.SecretStatus !== 'active')
    return { problems: ['the master user has no active secret to read the data with'] };
  const schemas = await query(clients, cluster, DATA_SQL);
  const extensions = (await query(clients, cluster, EXTENSIONS_SQL)).map((row) => row.name);
  const present = new Set(schemas.map((row) => row.schema));
  const tables = schemas.reduce((sum, row) => sum + row.tables, 0);
  const withData = schemas.reduce((sum, row) => sum + row.withData, 0);
  const missingSchemas = settings.schemas.filter((schema) => !present.has(schema));
  const missingExtensions = settings.extensions.filter((name) => !extensions.includes(name));
  return {
    problems: [
      ...(missingSchemas.length ? [`schemas missing: ${missingSchemas.join(', ')}`] : []),
      ...(missingExtensions.length ? [`extensions missing: ${missingExtensions.join(', ')}`] : []),
      ...(withData === 0 ? ['no table holds data'] : []),
    ],
    findings: [
      `data read: ${schemas.length} schemas, ${tables} tables, ${withData} holding data`,
      `extensions ${extensions.join(', ') || 'none'}`,
    ],
  };
}

/**
 * Step 2 of the Aurora data check, on the check instance's creation: reads the data, deletes
 * the instance (so AWS Backup can delete the cluster) and reports.
 */
async function checkData(event, clients, settings = settingsFromEnvironment()) {
  const instanceName = event.detail.SourceIdentifier;
  if (event.detail.EventID !== INSTANCE_CREATED || !instanceName) return undefined;
  const { DBInstances: instances = [] } = await clients.rds('DescribeDBInstances', {
    DBInstanceIdentifier: instanceName,
  });
  const instance = instances[0];
  const restoreJobId = instance?.TagList?.find((tag) => tag.Key === JOB_TAG)?.Value;
  if (!restoreJobId) return undefined;
  const job = await clients.backup('DescribeRestoreJob', { RestoreJobId: restoreJobId });
  let outcome;
  try {
    const cluster = await describeCluster(clients, instance.DBClusterIdentifier);
    outcome = await dataProblemsOf(clients, settings, cluster);
  } catch (error) {
    outcome = { problems: [`reading the data failed: ${error.message}`] };
  } finally {
    await clients.rds('DeleteDBInstance', { DBInstanceIdentifier: instanceName });
  }
  return report(clients, job, restoreJobId, outcome.problems, [
    'usable',
    ...(outcome.findings ?? []),
  ]);
}

module.exports = {
  JOB_TAG,
  INSTANCE_CREATED,
  checkInstanceName,
  settingsFromEnvironment,
  validate,
  checkData,
  handler: (event) =>
    event.source === 'aws.rds'
      ? checkData(event, clientsFromRuntime())
      : validate(event, clientsFromRuntime()),
};
