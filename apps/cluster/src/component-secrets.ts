import { SecretEnv } from '@strata/constructs/helm';

/** A Secret the platform delivers into component namespaces, and what its keys become. */
export interface ComponentSecret {
  readonly name: string;
  /** The Secret's keys as the component's environment variables. */
  readonly variables: ReadonlyArray<{ readonly name: string; readonly key: string }>;
}

/** The database's credentials (JSON: each key of the Secrets Manager value is a key). */
export const DATABASE_SECRET: ComponentSecret = {
  name: 'database-credentials',
  variables: [
    { name: 'DATABASE_USERNAME', key: 'username' },
    { name: 'DATABASE_PASSWORD', key: 'password' },
  ],
};

/** Redis's AUTH token, under one key. */
export const REDIS_SECRET = {
  name: 'redis-auth',
  valueKey: 'token',
  variables: [{ name: 'REDIS_AUTH_TOKEN', key: 'token' }],
} as const;

/** The environment variables the delivered Secrets of one namespace become. */
export function secretEnvOf(secretNames: readonly string[]): SecretEnv[] {
  return [DATABASE_SECRET, REDIS_SECRET]
    .filter((secret) => secretNames.includes(secret.name))
    .flatMap((secret) =>
      secret.variables.map((variable) => ({ ...variable, secret: secret.name })),
    );
}
