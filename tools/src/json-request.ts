import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** An HTTP answer: its status and its body, parsed when it is JSON. */
export interface JsonAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** One JSON call. */
export interface JsonRequest {
  readonly method: string;
  /** Headers beyond the JSON ones. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON (`application/json` unless `contentType` says otherwise). */
  readonly body?: unknown;
  /** @default application/json */
  readonly contentType?: string;
  /** The CA that signed the server's certificate (https). @default the system's */
  readonly caPem?: string;
  /** @default 30 s */
  readonly timeoutMs?: number;
}

/**
 * One call to an API that speaks JSON over http or https (the Kubernetes API server, Vault).
 * Never rejects on an HTTP status: callers read it. A body that is not JSON (e.g. /readyz's
 * "ok") is kept as text.
 */
export function jsonRequest<T = unknown>(url: URL, options: JsonRequest): Promise<JsonAnswer<T>> {
  const { method } = options;
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      {
        method,
        ca: options.caPem,
        headers: {
          Accept: 'application/json',
          ...options.headers,
          ...(payload === undefined
            ? {}
            : {
                'Content-Type': options.contentType ?? 'application/json',
                'Content-Length': Buffer.byteLength(payload),
              }),
        },
        timeout: options.timeoutMs ?? 30_000,
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
            // Not JSON: keep the text.
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
