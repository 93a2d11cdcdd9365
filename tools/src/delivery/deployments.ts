import { Fingerprints } from './fingerprint';

/**
 * The record of the last successful apply of each stack, kept as GitHub deployments (one
 * per stack apply, task `apply:<stack>`, its fingerprint in the payload, status `success`).
 * The next apply compares against it: a stack whose apply failed has no new record, so the
 * next run selects it again; a skipped or superseded run leaves nothing behind.
 */
export const DEPLOYMENT_TASK_PREFIX = 'apply:';

export interface DeploymentRepository {
  /** GitHub's REST API root (`GITHUB_API_URL`). */
  readonly apiUrl: string;
  /** `owner/name`. */
  readonly repository: string;
  readonly token: string;
}

export interface StackApplied {
  readonly stack: string;
  readonly environment: string;
  readonly commit: string;
  readonly fingerprint: string;
}

interface Deployment {
  readonly id: number;
  readonly payload: { readonly fingerprint?: string } | string;
}

async function call<T>(repo: DeploymentRepository, method: string, path: string, body?: object) {
  const response = await fetch(`${repo.apiUrl}/repos/${repo.repository}${path}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${repo.token}`,
      'x-github-api-version': '2022-11-28',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok)
    throw new Error(`GitHub ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Records a successful apply of one stack. */
export async function recordApply(repo: DeploymentRepository, applied: StackApplied) {
  const deployment = await call<Deployment>(repo, 'POST', '/deployments', {
    ref: applied.commit,
    task: `${DEPLOYMENT_TASK_PREFIX}${applied.stack}`,
    environment: applied.environment,
    auto_merge: false,
    required_contexts: [],
    payload: { fingerprint: applied.fingerprint },
    description: `${applied.stack} applied`,
  });
  await call(repo, 'POST', `/deployments/${deployment.id}/statuses`, { state: 'success' });
}

/**
 * The fingerprint of each stack's last successful apply (stacks never applied are absent).
 * GitHub lists deployments newest first; the newest with a success status counts.
 */
export async function appliedFingerprints(
  repo: DeploymentRepository,
  stacks: ReadonlyArray<{ readonly stack: string; readonly environment: string }>,
): Promise<Fingerprints> {
  const result: Record<string, string> = {};
  for (const { stack, environment } of stacks) {
    const query = new URLSearchParams({
      task: `${DEPLOYMENT_TASK_PREFIX}${stack}`,
      environment,
      per_page: '10',
    });
    for (const deployment of await call<Deployment[]>(repo, 'GET', `/deployments?${query}`)) {
      const statuses = await call<Array<{ state: string }>>(
        repo,
        'GET',
        `/deployments/${deployment.id}/statuses?per_page=1`,
      );
      const payload =
        typeof deployment.payload === 'string'
          ? (JSON.parse(deployment.payload || '{}') as { fingerprint?: string })
          : deployment.payload;
      if (statuses[0]?.state === 'success' && payload.fingerprint) {
        result[stack] = payload.fingerprint;
        break;
      }
    }
  }
  return result;
}
