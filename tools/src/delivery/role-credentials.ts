import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The audience AWS's STS expects in a GitHub OIDC token (the roles' trust checks it). */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** Temporary credentials of one role, as the engine and the AWS CLI read them from the environment. */
export interface RoleCredentials {
  readonly AWS_ACCESS_KEY_ID: string;
  readonly AWS_SECRET_ACCESS_KEY: string;
  readonly AWS_SESSION_TOKEN: string;
}

/**
 * A fresh OIDC token of the running GitHub job (the job needs `id-token: write`; GitHub then
 * sets the two request variables for every step). Tokens are short-lived: one per role.
 */
export async function githubIdToken(environment: NodeJS.ProcessEnv = process.env): Promise<string> {
  const url = environment.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = environment.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer) {
    throw new Error(
      'no GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is unset (the job needs "permissions: id-token: write")',
    );
  }
  const request = new URL(url);
  request.searchParams.set('audience', STS_AUDIENCE);
  const response = await fetch(request, { headers: { Authorization: `bearer ${bearer}` } });
  if (!response.ok) throw new Error(`GitHub OIDC token request: HTTP ${response.status}`);
  const { value } = (await response.json()) as { value?: unknown };
  if (typeof value !== 'string' || value === '') {
    throw new Error('GitHub OIDC token request: the answer has no token');
  }
  return value;
}

export interface AssumeRoleOptions {
  readonly roleArn: string;
  readonly region: string;
  readonly sessionName: string;
  readonly webIdentityToken: string;
  /** STS endpoint other than AWS's (the emulator). @default AWS's regional endpoint */
  readonly endpointUrl?: string;
  /** @default the AWS CLI on PATH */
  readonly awsCli?: string;
}

/**
 * The role's credentials for a GitHub OIDC token, through the AWS CLI (the call is unsigned:
 * no credentials are needed to make it). The token goes through a private file, never the
 * command line, where other processes could read it.
 */
export function assumeRoleWithWebIdentity(options: AssumeRoleOptions): RoleCredentials {
  const dir = mkdtempSync(join(tmpdir(), 'strata-oidc-'));
  const tokenFile = join(dir, 'token');
  try {
    writeFileSync(tokenFile, options.webIdentityToken, { mode: 0o600 });
    const run = spawnSync(
      options.awsCli ?? 'aws',
      [
        'sts',
        'assume-role-with-web-identity',
        '--role-arn',
        options.roleArn,
        '--role-session-name',
        options.sessionName,
        '--web-identity-token',
        `file://${tokenFile}`,
        '--region',
        options.region,
        '--output',
        'json',
        ...(options.endpointUrl ? ['--endpoint-url', options.endpointUrl] : []),
      ],
      { encoding: 'utf8', env: withoutCredentials(process.env) },
    );
    if (run.status !== 0) {
      throw new Error(
        `assume ${options.roleArn}: ${(run.stderr || run.error?.message || '').trim()}`,
      );
    }
    const { Credentials: credentials } = JSON.parse(run.stdout) as {
      Credentials?: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    };
    if (!credentials) throw new Error(`assume ${options.roleArn}: the answer has no credentials`);
    return {
      AWS_ACCESS_KEY_ID: credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: credentials.SessionToken,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The environment with no AWS credentials: one role's keys never leak into another's call. */
export function withoutCredentials(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...environment };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
    delete rest[name];
  }
  return rest;
}
