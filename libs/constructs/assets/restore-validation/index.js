// Validates what an AWS Backup restore test restored, then reports the result to AWS Backup
// (PutRestoreValidationResult) so the restore job shows SUCCESSFUL or FAILED with the reason
// and the measured times. Invoked by EventBridge on "Restore Job State Change" COMPLETED;
// restores not made by a restore testing plan are left alone. A failed validation also
// fails the invocation, which the observability layer alarms on.
//
// Checks: an Aurora cluster is available and encrypted; a DynamoDB table is active,
// encrypted and holds an item; an S3 bucket has default encryption and holds an object.
// Runs on the Lambda Node.js runtime's bundled AWS SDK v3.
'use strict';

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
    dynamodb: client('dynamodb', 'DynamoDB'),
    s3: client('s3', 'S3'),
  };
}

/** The resource name at the end of an ARN (`cluster:x`, `table/x`, `:::x`). */
function nameOf(arn) {
  return arn.split(/[:/]/).pop();
}

/** Problems with the restored resource; empty when it is usable. */
async function problemsOf(clients, resourceType, arn) {
  const name = nameOf(arn);
  switch (resourceType) {
    case 'Aurora':
    case 'RDS': {
      const { DBClusters: clusters = [] } = await clients.rds('DescribeDBClusters', {
        DBClusterIdentifier: name,
      });
      const cluster = clusters[0];
      if (!cluster) return [`cluster ${name} not found`];
      return [
        ...(cluster.Status === 'available' ? [] : [`cluster status is ${cluster.Status}`]),
        ...(cluster.StorageEncrypted ? [] : ['cluster storage is not encrypted']),
      ];
    }
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

/** Validates one restore job; returns what it reported. */
async function validate(event, clients) {
  const restoreJobId = event.detail.restoreJobId;
  const job = await clients.backup('DescribeRestoreJob', { RestoreJobId: restoreJobId });
  if (!job.CreatedBy?.RestoreTestingPlanArn || job.Status !== 'COMPLETED') return undefined;
  const problems = await problemsOf(clients, job.ResourceType, job.CreatedResourceArn);
  const timings = [
    `restored in ${minutes(job.CreationDate, job.CompletionDate)} min`,
    job.RecoveryPointCreationDate
      ? `recovery point ${minutes(job.RecoveryPointCreationDate, job.CreationDate)} min old`
      : undefined,
  ].filter(Boolean);
  const result = {
    RestoreJobId: restoreJobId,
    ValidationStatus: problems.length === 0 ? 'SUCCESSFUL' : 'FAILED',
    ValidationStatusMessage: [...(problems.length ? problems : ['usable']), ...timings]
      .join('; ')
      .slice(0, 1000),
  };
  await clients.backup('PutRestoreValidationResult', result);
  console.log(JSON.stringify({ resource: job.CreatedResourceArn, ...result }));
  if (problems.length)
    throw new Error(`restore ${restoreJobId} of ${job.ResourceType}: ${problems.join('; ')}`);
  return result;
}

module.exports = {
  validate,
  handler: (event) => validate(event, clientsFromRuntime()),
};
