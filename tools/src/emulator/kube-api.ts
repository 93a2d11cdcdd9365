import { jsonRequest } from '../json-request';

/** How to reach a Kubernetes API server: its URL, the CA that signed its certificate, a token. */
export interface KubeAccess {
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
}

export interface KubeResponse<T> {
  readonly status: number;
  readonly body: T;
}

/** A list answer's items, as the API server returns them. */
export interface KubeList<T> {
  readonly items: T[];
}

export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly ownerReferences?: ReadonlyArray<{ readonly kind: string; readonly name: string }>;
  };
}

/**
 * One call to the API server over TLS, verified against its CA, with the bearer token. Never
 * rejects on an HTTP status: callers read it. The body is parsed when it is JSON.
 */
export function kubeRequest<T = unknown>(
  access: KubeAccess,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<KubeResponse<T>> {
  return jsonRequest<T>(new URL(path, access.server), {
    method,
    headers: { Authorization: `Bearer ${access.token}` },
    body,
    contentType,
    caPem: access.caPem,
  });
}

/** The items of a list path (e.g. `/api/v1/pods`); a failed call is an error naming it. */
export async function kubeList<T extends KubeObject>(
  access: KubeAccess,
  path: string,
): Promise<T[]> {
  const response = await kubeRequest<KubeList<T>>(access, 'GET', path);
  if (response.status !== 200)
    throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.items;
}

/** Creates an object; a refusal is an error with the API server's message. */
export async function kubeCreate(access: KubeAccess, path: string, body: object): Promise<void> {
  const response = await kubeRequest<{ message?: string }>(access, 'POST', path, body);
  if (response.status !== 201 && response.status !== 200)
    throw new Error(
      `POST ${path} answered ${response.status}: ${response.body?.message ?? JSON.stringify(response.body)}`,
    );
}
