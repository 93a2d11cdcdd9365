import { POSTGRES_IDENTIFIER, RESERVED_POSTGRES_ROLE } from '../vocabulary/postgres-names';

/** Extensions every platform database has: pgaudit (the parameter group preloads it). */
export const DEFAULT_DATABASE_EXTENSIONS: readonly string[] = ['pgaudit'];

/** What `databaseRoleStatements` needs. */
export interface DatabaseRoleStatementsProps {
  /** The database the roles work in. */
  readonly databaseName: string;
  /** One login role per component; each owns a schema of its name and nothing else. */
  readonly roles: readonly string[];
  /**
   * Extensions to create in the database first.
   * @default DEFAULT_DATABASE_EXTENSIONS (the parameter group preloads pgaudit; its settings act
   * only once it is created)
   */
  readonly extensions?: readonly string[];
  /**
   * The role whose members may log in with IAM tokens: RDS's own `rds_iam`.
   * @default 'rds_iam'
   */
  readonly iamLoginRole?: string;
}

function identifier(kind: string, name: string): string {
  if (!POSTGRES_IDENTIFIER.test(name)) {
    throw new Error(
      `${kind} "${name}" must be 1-63 lower-case letters, digits or '_', starting with a letter`,
    );
  }
  return name;
}

/**
 * The statements that give each component its own PostgreSQL login, in the order to run
 * them, every one safe to run again: the role (LOGIN, no password: it logs in only with IAM
 * tokens through `rds_iam`), CONNECT on the database (taken from PUBLIC), and a schema it owns
 * with its search path. No role can create in `public` or read another's schema.
 */
export function databaseRoleStatements(props: DatabaseRoleStatementsProps): string[] {
  const database = identifier('database', props.databaseName);
  const iamRole = identifier('IAM login role', props.iamLoginRole ?? 'rds_iam');
  const roles = props.roles.map((role) => {
    identifier('role', role);
    if (RESERVED_POSTGRES_ROLE.test(role))
      throw new Error(`role "${role}" is reserved by PostgreSQL or RDS`);
    return role;
  });
  const duplicate = roles.find((role, index) => roles.indexOf(role) !== index);
  if (duplicate) throw new Error(`role "${duplicate}" is listed twice`);
  return [
    ...(props.extensions ?? DEFAULT_DATABASE_EXTENSIONS).map(
      (extension) => `CREATE EXTENSION IF NOT EXISTS ${identifier('extension', extension)}`,
    ),
    `REVOKE ALL ON DATABASE ${database} FROM PUBLIC`,
    'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
    ...roles.flatMap((role) => [
      // CREATE ROLE has no IF NOT EXISTS; the block makes it safe to run again.
      `DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN; END IF; END$$`,
      `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD NULL`,
      `GRANT ${iamRole} TO ${role}`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${role}`,
      `CREATE SCHEMA IF NOT EXISTS ${role} AUTHORIZATION ${role}`,
      `REVOKE ALL ON SCHEMA ${role} FROM PUBLIC`,
      `ALTER ROLE ${role} IN DATABASE ${database} SET search_path = ${role}`,
    ]),
  ];
}
