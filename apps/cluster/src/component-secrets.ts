import { SecretEnv } from '@strata/constructs/helm';

/** A Secret the platform delivers into component namespaces, and what its keys become. */
export interface ComponentSecret {
  readonly name: string;
  /** The Secret's keys as the component's environment variables. */
  readonly variables: ReadonlyArray<{ readonly name: string; readonly key: string }>;
}

/** Redis's AUTH token, under one key. */
export const REDIS_SECRET = {
  name: 'redis-auth',
  valueKey: 'token',
  variables: [{ name: 'REDIS_AUTH_TOKEN', key: 'token' }],
} as const satisfies ComponentSecret & { readonly valueKey: string };

/** The environment variables the delivered Secrets of one namespace become. */
export function secretEnvOf(secretNames: readonly string[]): SecretEnv[] {
  return [REDIS_SECRET]
    .filter((secret) => secretNames.includes(secret.name))
    .flatMap((secret) =>
      secret.variables.map((variable) => ({ ...variable, secret: secret.name })),
    );
}
