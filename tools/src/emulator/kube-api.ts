import { request } from 'node:https';

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
  const url = new URL(path, access.server);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      {
        method,
        ca: access.caPem,
        headers: {
          Authorization: `Bearer ${access.token}`,
          Accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) }),
        },
        timeout: 30_000,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            // Not JSON (e.g. /readyz answers "ok"): keep the text.
          }
          resolve({ status: response.statusCode ?? 0, body: parsed as T });
        });
      },
    );
    call.on('timeout', () => call.destroy(new Error(`${method} ${url.pathname} timed out`)));
    call.on('error', reject);
    if (payload !== undefined) call.write(payload);
    call.end();
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
