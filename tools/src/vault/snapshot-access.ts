/**
 * Vault's side of the raft snapshot job: the Kubernetes auth method, the policy that may only
 * take a snapshot, and the role that gives it to the job's service account alone. Written once
 * after `vault operator init` with the root token (delivery main.js `vault-snapshot-access`);
 * every call is idempotent, so running it again changes nothing.
 */
import { VAULT_SNAPSHOT_ACCESS, VAULT_SNAPSHOT_POLICY } from '@strata/constructs/helm';
import { JsonAnswer, jsonRequest } from '../json-request';

/** Where Vault answers and who calls it. */
export interface VaultConnection {
  /** Its address, `VAULT_ADDR` (https in the cluster). */
  readonly address: string;
  /** A token allowed to enable auth methods and write policies (the root token at init). */
  readonly token: string;
  /** The CA that signed Vault's certificate (`VAULT_CACERT`). @default the system's */
  readonly caPem?: string;
}

/**
 * How Vault reviews the job's token. In the cluster Vault uses its own pod's service account
 * and CA (the chart binds it to `system:auth-delegator`); from outside, both are given.
 */
export interface TokenReviewer {
  /** The API server's URL. */
  readonly host: string;
  /** The API server's CA. @default the one in Vault's pod */
  readonly caPem?: string;
  /** A token allowed to create TokenReviews. @default Vault's pod's own */
  readonly jwt?: string;
}

/** The API server as Vault's pods reach it. */
export const IN_CLUSTER_REVIEWER: TokenReviewer = { host: 'https://kubernetes.default.svc' };

function vaultCall(
  vault: VaultConnection,
  method: string,
  path: string,
  body?: object,
): Promise<JsonAnswer> {
  return jsonRequest(new URL(`/v1/${path}`, vault.address), {
    method,
    headers: { 'X-Vault-Token': vault.token },
    body,
    caPem: vault.caPem,
  });
}

/** A call that must succeed; Vault's own errors are in the message. */
async function vaultWrite(
  vault: VaultConnection,
  method: string,
  path: string,
  body?: object,
): Promise<unknown> {
  const answer = await vaultCall(vault, method, path, body);
  if (answer.status < 200 || answer.status > 299) {
    const errors = (answer.body as { errors?: unknown[] } | undefined)?.errors;
    throw new Error(
      `Vault ${method} /v1/${path} answered ${answer.status}: ${
        Array.isArray(errors) ? errors.join('; ') : JSON.stringify(answer.body)
      }`,
    );
  }
  return answer.body;
}

/**
 * Gives the snapshot job (VAULT_SNAPSHOT_ACCESS) a way in: enables the Kubernetes auth method
 * with `reviewer` (only if it is not enabled: an existing method's configuration is someone's and
 * stays), writes the policy VAULT_SNAPSHOT_POLICY and the role bound to the job's service
 * account, namespace and token audience. Returns what it did, one line each.
 */
export async function grantSnapshotAccess(
  vault: VaultConnection,
  reviewer: TokenReviewer = IN_CLUSTER_REVIEWER,
): Promise<string[]> {
  const access = VAULT_SNAPSHOT_ACCESS;
  const done: string[] = [];
  const mounts = (await vaultWrite(vault, 'GET', 'sys/auth')) as {
    data?: Record<string, { type?: string }>;
  };
  const mount = mounts.data?.[`${access.authPath}/`];
  if (mount && mount.type !== 'kubernetes')
    throw new Error(
      `Vault's auth method at ${access.authPath}/ is "${mount.type}", not kubernetes: the snapshot job cannot log in there`,
    );
  if (!mount) {
    await vaultWrite(vault, 'POST', `sys/auth/${access.authPath}`, {
      type: 'kubernetes',
      description: 'Kubernetes service accounts (the raft snapshot job)',
    });
    await vaultWrite(vault, 'POST', `auth/${access.authPath}/config`, {
      kubernetes_host: reviewer.host,
      ...(reviewer.caPem ? { kubernetes_ca_cert: reviewer.caPem } : {}),
      ...(reviewer.jwt ? { token_reviewer_jwt: reviewer.jwt } : {}),
    });
    done.push(`enabled the kubernetes auth method at ${access.authPath}/ (${reviewer.host})`);
  } else {
    done.push(`kept the kubernetes auth method at ${access.authPath}/ as configured`);
  }
  await vaultWrite(vault, 'PUT', `sys/policies/acl/${access.policy}`, {
    policy: VAULT_SNAPSHOT_POLICY,
  });
  done.push(`wrote policy ${access.policy}`);
  await vaultWrite(vault, 'POST', `auth/${access.authPath}/role/${access.role}`, {
    bound_service_account_names: [access.serviceAccount],
    bound_service_account_namespaces: [access.namespace],
    audience: access.audience,
    token_policies: [access.policy],
    token_ttl: access.tokenTtl,
    token_max_ttl: access.tokenTtl,
  });
  done.push(
    `wrote role ${access.role}: ${access.namespace}/${access.serviceAccount}, audience ${access.audience}, policy ${access.policy}`,
  );
  return done;
}
