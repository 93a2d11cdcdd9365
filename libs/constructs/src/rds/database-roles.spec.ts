import { join } from 'node:path';
import { Client } from 'pg';
import { DataApi, LocalPostgres, dataApiOn, startPostgres } from '../testing/local-postgres';
import { componentDatabaseRoles } from '../vocabulary/component-catalogue';
import { databaseRoleStatements } from './database-role-statements';

/** The function the constructs deploy, exercised here against a real PostgreSQL server. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { apply } = require(join(__dirname, '../../assets/database-roles/index.js')) as {
  apply: (
    clients: { data: DataApi },
    event: Record<string, unknown>,
  ) => Promise<{ applied: number }>;
};

const DATABASE = 'platform';
const ROLES = componentDatabaseRoles();

describe('component database roles, applied by the function to a real PostgreSQL', () => {
  let server: LocalPostgres;
  let admin: Client;
  const connect = (database: string, user?: string, password?: string) =>
    server.connect(database, user, password);
  const event = (statements: readonly string[]) => ({
    resourceArn: 'arn:aws:rds:us-east-1:111111111111:cluster:platform',
    secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:platform/master',
    database: DATABASE,
    statements,
  });
  // pgaudit is not in the community build; pgcrypto stands in for the same statement.
  const statements = databaseRoleStatements({
    databaseName: DATABASE,
    roles: ROLES,
    extensions: ['pgcrypto'],
  });
  /** A role's error for `sql`, or 'ok'; logs in with a password set only for this test. */
  const asRole = async (role: string, sql: string) => {
    await admin.query(`ALTER ROLE ${role} PASSWORD 'test-only'`);
    const client = await connect(DATABASE, role, 'test-only');
    try {
      await client.query(sql);
      return 'ok';
    } catch (error) {
      return (error as Error).message;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    server = await startPostgres();
    const bootstrap = await connect('postgres');
    // What RDS creates itself: the IAM login role, and the database the cluster was made with.
    await bootstrap.query('CREATE ROLE rds_iam NOLOGIN');
    await bootstrap.query(`CREATE DATABASE ${DATABASE}`);
    await bootstrap.end();
    admin = await connect(DATABASE);
  }, 120_000);

  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  }, 60_000);

  it('the catalogue has components with a database', () => {
    expect(ROLES).toEqual(expect.arrayContaining(['registry', 'portal']));
  });

  it('creates every role in one transaction, and again with nothing to change', async () => {
    const api = dataApiOn((database) => connect(database));
    await expect(apply(api, event(statements))).resolves.toEqual({
      applied: statements.length,
    });
    await expect(apply(api, event(statements))).resolves.toEqual({
      applied: statements.length,
    });
    expect(api.calls.filter((call) => call === 'BeginTransaction')).toHaveLength(2);
    expect(api.calls.filter((call) => call === 'CommitTransaction')).toHaveLength(2);
    const { rows } = await admin.query<{
      rolname: string;
      rolcanlogin: boolean;
      rolsuper: boolean;
      rolcreaterole: boolean;
      iam: boolean;
      password: boolean;
    }>(
      `SELECT rolname, rolcanlogin, rolsuper, rolcreaterole,
              pg_has_role(rolname, 'rds_iam', 'MEMBER') AS iam, rolpassword IS NOT NULL AS password
         FROM pg_authid WHERE rolname = ANY($1) ORDER BY rolname`,
      [ROLES],
    );
    expect(rows).toEqual(
      [...ROLES].sort().map((rolname) => ({
        rolname,
        rolcanlogin: true,
        rolsuper: false,
        rolcreaterole: false,
        iam: true,
        // IAM tokens only: there is no password to leak or rotate.
        password: false,
      })),
    );
    const extension = await admin.query(`SELECT 1 FROM pg_extension WHERE extname = 'pgcrypto'`);
    expect(extension.rowCount).toBe(1);
  });

  it("gives each role its own schema and keeps it out of public and the others' schemas", async () => {
    const [first, second] = ROLES;
    expect(await asRole(first, 'CREATE TABLE owned (id int)')).toBe('ok');
    const placed = await admin.query(
      `SELECT schemaname FROM pg_tables WHERE tablename = 'owned' AND tableowner = $1`,
      [first],
    );
    expect(placed.rows).toEqual([{ schemaname: first }]);
    expect(await asRole(second, `SELECT * FROM ${first}.owned`)).toMatch(
      /permission denied for schema/,
    );
    expect(await asRole(first, 'CREATE TABLE public.anything (id int)')).toMatch(
      /permission denied for schema public/,
    );
    expect(await asRole(first, 'CREATE ROLE intruder')).toMatch(/permission denied/);
  });

  it('keeps roles nobody granted out of the database', async () => {
    await admin.query(`CREATE ROLE stranger LOGIN PASSWORD 'test-only'`);
    await expect(connect(DATABASE, 'stranger', 'test-only')).rejects.toThrow(
      /permission denied for database/,
    );
  });

  it('applies nothing when one statement fails, and says which', async () => {
    const api = dataApiOn((database) => connect(database));
    const more = databaseRoleStatements({
      databaseName: DATABASE,
      roles: [...ROLES, 'billing'],
      extensions: [],
    });
    await expect(apply(api, event([...more, 'GRANT missing_role TO billing']))).rejects.toThrow(
      `statement ${more.length + 1} of ${more.length + 1} failed, nothing applied`,
    );
    expect(api.calls).toContain('RollbackTransaction');
    const billing = await admin.query(`SELECT 1 FROM pg_roles WHERE rolname = 'billing'`);
    expect(billing.rowCount).toBe(0);
  });

  it('refuses names PostgreSQL or RDS keep, and a role given twice', () => {
    expect(() => databaseRoleStatements({ databaseName: DATABASE, roles: ['rds_admin'] })).toThrow(
      'reserved',
    );
    expect(() => databaseRoleStatements({ databaseName: DATABASE, roles: ['Portal'] })).toThrow(
      'lower-case',
    );
    expect(() =>
      databaseRoleStatements({ databaseName: DATABASE, roles: ['portal', 'portal'] }),
    ).toThrow('listed twice');
  });
});
