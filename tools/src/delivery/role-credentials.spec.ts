import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadToolchain } from '../validate/toolchain';
import { Emulator } from '../emulator/emulator';
import { startSpecEmulator } from '../emulator/spec-emulator';
import { ApplyStack, applyEnvironment, engineWithApplyRole } from './apply-environment';
import { githubIdToken, STS_AUDIENCE } from './role-credentials';

/**
 * The apply job's credentials, stack by stack: a GitHub OIDC token from a stand-in of
 * GitHub's token endpoint on loopback, exchanged at STS (moto, on a port of its own) for the
 * role of the stack's layer; the engine of each stack sees that role's keys and no other.
 */
const scratch = mkdtempSync(join(tmpdir(), 'strata-role-credentials-'));
const stsEndpoint = 'http://127.0.0.1:5078';
const account = '123456789012';
const toolchain = loadToolchain();
const awsCli = toolchain.awsCli?.path;
if (!awsCli)
  throw new Error('the toolchain has no AWS CLI: run "node tools/toolchain/install.mjs"');
const roleArn = (layer: string) => `arn:aws:iam::${account}:role/strata-dev-github-apply-${layer}`;

/** GitHub's ID token endpoint: a token per request, for the bearer the runner was given. */
function startTokenEndpoint(): Promise<{ server: Server; url: string; requests: URL[] }> {
  const requests: URL[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    if (request.headers.authorization !== 'bearer runner-request-token') {
      response.writeHead(401).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ value: `oidc-token-${requests.length}` }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/_apis/token?api-version=2.0`, requests });
    }),
  );
}

/** An engine stand-in that records whose credentials it ran with, as STS tells it. */
function recordingEngine(): string {
  const file = join(scratch, 'engine.sh');
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      'set -e',
      `${awsCli} sts get-caller-identity --endpoint-url ${stsEndpoint} --region us-east-1 --query Arn --output text >> callers.txt`,
      'echo "$1" >> steps.txt',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

describe('githubIdToken', () => {
  let endpoint: Awaited<ReturnType<typeof startTokenEndpoint>>;
  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
  });
  afterAll(() => endpoint.server.close());

  it('asks GitHub for a token for STS with the runner bearer', async () => {
    const token = await githubIdToken({
      ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token',
    });
    expect(token).toMatch(/^oidc-token-\d+$/);
    const last = endpoint.requests[endpoint.requests.length - 1];
    expect(last.searchParams.get('audience')).toBe(STS_AUDIENCE);
    expect(last.searchParams.get('api-version')).toBe('2.0');
  });

  it('says what the job lacks when it may not ask for a token', async () => {
    await expect(githubIdToken({})).rejects.toThrow('id-token: write');
  });

  it('fails on a refused request', async () => {
    await expect(
      githubIdToken({
        ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'stolen',
      }),
    ).rejects.toThrow('HTTP 401');
  });
});

describe('an environment applied stack by stack with each layer role (STS on moto)', () => {
  let emulator: Emulator | undefined;
  let endpoint: Awaited<ReturnType<typeof startTokenEndpoint>>;
  const stack = (name: string, layer: string): ApplyStack => {
    const directory = join(scratch, name);
    mkdirSync(directory, { recursive: true });
    return {
      stack: name,
      environment: 'dev',
      directory,
      applyRoleArn: roleArn(layer),
      stateRegion: 'us-east-1',
    };
  };

  beforeAll(async () => {
    emulator = await startSpecEmulator(toolchain, stsEndpoint, 'role-credentials.spec.ts', scratch);
    endpoint = await startTokenEndpoint();
  }, 120_000);

  afterAll(async () => {
    endpoint?.server.close();
    await emulator?.stop();
  });

  it("runs every engine command of a stack as that stack's layer role, a fresh token each", async () => {
    const stacks = [stack('network-dev-us-east-1', 'network'), stack('data-dev-us-east-1', 'data')];
    const tokensBefore = endpoint.requests.length;
    const recorded: string[] = [];
    const result = await applyEnvironment(
      stacks,
      { 'network-dev-us-east-1': 'n1', 'data-dev-us-east-1': 'd1' },
      'c0ffee',
      engineWithApplyRole({
        engine: recordingEngine(),
        stsEndpoint,
        awsCli,
        sessionName: 'strata-test',
        idToken: () =>
          githubIdToken({
            ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.url,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-request-token',
          }),
      }),
      async (applied) => {
        recorded.push(applied.stack);
      },
    );
    expect(result).toEqual({ applied: ['network-dev-us-east-1', 'data-dev-us-east-1'] });
    expect(recorded).toEqual(['network-dev-us-east-1', 'data-dev-us-east-1']);
    expect(endpoint.requests.length - tokensBefore).toBe(2);
    for (const [name, layer] of [
      ['network-dev-us-east-1', 'network'],
      ['data-dev-us-east-1', 'data'],
    ]) {
      const callers = readFileSync(join(scratch, name, 'callers.txt'), 'utf8')
        .trim()
        .split('\n');
      expect(readFileSync(join(scratch, name, 'steps.txt'), 'utf8').split('\n')).toEqual([
        'init',
        'plan',
        'apply',
        '',
      ]);
      expect(new Set(callers)).toEqual(
        new Set([
          `arn:aws:sts::${account}:assumed-role/strata-dev-github-apply-${layer}/strata-test`,
        ]),
      );
    }
  });

  it('stops at a stack whose role cannot be assumed, before running its engine', async () => {
    const stacks = [stack('edge-dev-us-east-1', 'edge')];
    const result = await applyEnvironment(
      stacks,
      { 'edge-dev-us-east-1': 'e1' },
      'c0ffee',
      engineWithApplyRole({
        engine: recordingEngine(),
        stsEndpoint,
        awsCli,
        idToken: () =>
          githubIdToken({
            ACTIONS_ID_TOKEN_REQUEST_URL: endpoint.url,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-runner',
          }),
      }),
      async () => undefined,
    );
    expect(result).toEqual({
      applied: [],
      failed: { stack: 'edge-dev-us-east-1', step: 'credentials' },
    });
    expect(() => readFileSync(join(scratch, 'edge-dev-us-east-1', 'steps.txt'))).toThrow();
  });
});
