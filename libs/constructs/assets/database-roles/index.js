// Gives each component its own PostgreSQL login: runs the statements it is invoked with (see
// databaseRoleStatements in libs/constructs/src/rds) in one transaction through the RDS Data
// API, as the master user whose secret it is given, so that either all of them apply or
// none does. The Data API needs no VPC and no database driver. Terraform invokes it
// (aws_lambda_invocation) whenever the statements change; each is safe to run again.
//
// Event: { resourceArn, secretArn, database, statements: string[] }.
// Runs on the Lambda Node.js runtime's bundled AWS SDK v3.
'use strict';

function clientsFromRuntime() {
  const api = require('@aws-sdk/client-rds-data');
  const client = new api.RDSDataClient({});
  return { data: (command, input) => client.send(new api[`${command}Command`](input)) };
}

function checked(event) {
  const problems = [];
  for (const field of ['resourceArn', 'secretArn', 'database']) {
    if (typeof event?.[field] !== 'string' || event[field] === '')
      problems.push(`${field} is missing`);
  }
  const statements = event?.statements;
  if (
    !Array.isArray(statements) ||
    statements.some((sql) => typeof sql !== 'string' || sql === '')
  ) {
    problems.push('statements must be a list of SQL strings');
  }
  if (problems.length > 0) throw new Error(`database-roles: ${problems.join('; ')}`);
  return event;
}

/** Runs every statement in one transaction; a failure rolls all of them back and is thrown. */
async function apply(clients, event) {
  const { resourceArn, secretArn, database, statements } = checked(event);
  const { transactionId } = await clients.data('BeginTransaction', {
    resourceArn,
    secretArn,
    database,
  });
  let done = 0;
  try {
    for (const sql of statements) {
      await clients.data('ExecuteStatement', {
        resourceArn,
        secretArn,
        database,
        sql,
        transactionId,
      });
      done += 1;
    }
    await clients.data('CommitTransaction', { resourceArn, secretArn, transactionId });
  } catch (error) {
    await clients
      .data('RollbackTransaction', { resourceArn, secretArn, transactionId })
      .catch(() => undefined);
    throw new Error(
      `database-roles: statement ${done + 1} of ${statements.length} failed, nothing applied: ${error.message}`,
    );
  }
  return { applied: statements.length };
}

exports.apply = apply;
exports.handler = async (event) => apply(clientsFromRuntime(), event);
