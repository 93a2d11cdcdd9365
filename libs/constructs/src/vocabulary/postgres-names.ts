/** What PostgreSQL takes unquoted as a role, schema or database name (and RDS as a user). */
export const POSTGRES_IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/** Role names PostgreSQL (`pg_*`, `public`, `postgres`) and RDS (`rds*`) keep for themselves. */
export const RESERVED_POSTGRES_ROLE = /^(pg_|rds|public$|postgres$)/;
