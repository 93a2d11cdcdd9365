import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import aws4 from 'aws4';
import {
  SearchAccessLevel,
  searchSecurityRequests,
  SecurityRequest,
} from './search-security-requests';

/** The function the constructs deploy, run here against a domain stand-in on loopback. */
interface Clients {
  request: (endpoint: string, request: SecurityRequest) => Promise<unknown>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { apply, clientsFor } = require(join(__dirname, '../../assets/search-roles/index.js')) as {
  apply: (clients: Clients, event: Record<string, unknown>) => Promise<{ sent: number }>;
  clientsFor: (options: {
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  }) => Clients;
};

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token',
};
const REGION = 'us-east-1';
const REGISTRY = 'arn:aws:iam::111111111111:role/strata-prod-use1-component-registry';
const PORTAL = 'arn:aws:iam::111111111111:role/strata-prod-use1-component-portal';
const ADMIN = 'arn:aws:iam::111111111111:role/search-admin';

interface Received {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  /** The signature recomputed by an independent signer (aws4) matches the one sent. */
  readonly signatureValid: boolean;
  readonly signedHeaders: string[];
}

/** Recomputes the request's signature with aws4 over exactly the headers it says it signed. */
function verify(
  request: IncomingMessage,
  body: string,
): Omit<Received, 'method' | 'path' | 'body'> {
  const authorization = String(request.headers.authorization ?? '');
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1].split(';') ?? [];
  const headers = Object.fromEntries(
    signedHeaders.map((name) => [name, String(request.headers[name] ?? '')]),
  );
  const expected = aws4.sign(
    {
      host: String(request.headers.host),
      method: request.method,
      path: request.url,
      service: 'es',
      region: REGION,
      headers,
      body,
    },
    CREDENTIALS,
  );
  const signature = (text: string) => /Signature=([0-9a-f]{64})/.exec(text)?.[1];
  const recomputed = String((expected.headers as Record<string, string>).Authorization);
  return {
    signatureValid:
      signature(authorization) !== undefined && signature(authorization) === signature(recomputed),
    signedHeaders,
  };
}

describe('search roles, sent by the function to a domain stand-in', () => {
  let server: Server;
  let endpoint: string;
  const received: Received[] = [];
  /** The path the stand-in refuses (as a domain refuses a role body it cannot parse). */
  let refuse: string | undefined;

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({
          method: String(request.method),
          path: String(request.url),
          body: JSON.parse(body),
          ...verify(request, body),
        });
        const refused = request.url === refuse;
        response.writeHead(refused ? 400 : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(refused ? { status: 'error', reason: 'bad role' } : {}));
      });
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((closed) => server.close(closed)));
  beforeEach(() => {
    received.length = 0;
    refuse = undefined;
  });

  const requests = searchSecurityRequests({
    roles: [
      {
        name: 'registry',
        backendRoleArns: [REGISTRY],
        access: SearchAccessLevel.READ_WRITE,
        ownIndexPattern: 'registry-*',
      },
      {
        name: 'portal',
        backendRoleArns: [PORTAL],
        access: SearchAccessLevel.READ,
        ownIndexPattern: 'portal-*',
      },
    ],
    adminRoleArns: [ADMIN],
  });

  it('sends every call in order, signed (SigV4, service es) as its own role', async () => {
    const clients = clientsFor({ region: REGION, credentials: CREDENTIALS });
    await expect(apply(clients, { endpoint, requests })).resolves.toEqual({ sent: 6 });
    expect(received.map((call) => `${call.method} ${call.path}`)).toEqual([
      'PUT /_plugins/_security/api/roles/registry',
      'PUT /_plugins/_security/api/rolesmapping/registry',
      'PUT /_plugins/_security/api/roles/portal',
      'PUT /_plugins/_security/api/rolesmapping/portal',
      'PUT /_plugins/_security/api/rolesmapping/all_access',
      'PUT /_plugins/_security/api/rolesmapping/security_manager',
    ]);
    for (const call of received) {
      expect(call.signatureValid).toBe(true);
      expect(call.signedHeaders).toEqual(
        expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token']),
      );
    }
  });

  it('maps each IAM role to exactly its access, and the admins to the built-in admin roles', async () => {
    await apply(clientsFor({ region: REGION, credentials: CREDENTIALS }), { endpoint, requests });
    const body = (path: string) => received.find((call) => call.path.endsWith(path))?.body;
    expect(body('roles/registry')).toMatchObject({
      index_permissions: [
        { index_patterns: ['*'], allowed_actions: ['read'] },
        { index_patterns: ['registry-*'], allowed_actions: ['crud', 'create_index', 'manage'] },
      ],
    });
    expect(body('roles/portal')).toMatchObject({
      cluster_permissions: ['cluster_composite_ops_ro'],
      index_permissions: [{ index_patterns: ['*'], allowed_actions: ['read'] }],
    });
    expect(body('rolesmapping/registry')).toEqual({ backend_roles: [REGISTRY] });
    expect(body('rolesmapping/portal')).toEqual({ backend_roles: [PORTAL] });
    expect(body('rolesmapping/all_access')).toEqual({ backend_roles: [ADMIN] });
  });

  it('stops at the first call the domain refuses and says which, with its answer', async () => {
    refuse = '/_plugins/_security/api/roles/portal';
    await expect(
      apply(clientsFor({ region: REGION, credentials: CREDENTIALS }), { endpoint, requests }),
    ).rejects.toThrow(
      'PUT /_plugins/_security/api/roles/portal (3 of 6) answered 400: {"status":"error","reason":"bad role"}',
    );
    expect(received).toHaveLength(3);
  });

  it('is caught by the stand-in when signed with other credentials', async () => {
    const wrong = clientsFor({
      region: REGION,
      credentials: { ...CREDENTIALS, secretAccessKey: 'another-secret' },
    });
    await apply(wrong, { endpoint, requests: requests.slice(0, 1) });
    expect(received.map((call) => call.signatureValid)).toEqual([false]);
  });

  it('refuses calls outside the security plugin and built-in or repeated role names', async () => {
    await expect(
      apply(clientsFor({ region: REGION, credentials: CREDENTIALS }), {
        endpoint,
        requests: [{ method: 'PUT', path: '/registry-1/_doc/1', body: {} }],
      }),
    ).rejects.toThrow('requests must be PUTs to the security plugin');
    expect(() =>
      searchSecurityRequests({
        roles: [
          {
            name: 'all_access',
            backendRoleArns: [REGISTRY],
            access: SearchAccessLevel.READ,
            ownIndexPattern: 'x-*',
          },
        ],
        adminRoleArns: [],
      }),
    ).toThrow('not a built-in');
  });
});
