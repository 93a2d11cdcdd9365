// Gives IAM roles their access inside an OpenSearch domain with fine-grained access control:
// sends the security plugin calls it is invoked with (see searchSecurityRequests in
// libs/constructs/src/opensearch) in order, each signed with Signature Version 4 as the
// function's own role, which is the domain's master user. Stops at the first refusal with
// the domain's answer. Terraform invokes it (aws_lambda_invocation) whenever the calls
// change; every call is a whole-object PUT, so sending it again changes nothing. It runs in
// the workload subnets, the only ones the domain admits.
//
// Event: { endpoint: 'https://<domain endpoint>', requests: [{ method, path, body }] }.
// Runs on the Lambda Node.js runtime, whose bundled AWS SDK v3 carries the signer.
'use strict';

const http = require('node:http');
const https = require('node:https');
const { Buffer } = require('node:buffer');

/** A signer for `es` in `region` with these credentials, from the SDK's own packages. */
function signerFor({ region, credentials }) {
  const { SignatureV4 } = require('@smithy/signature-v4');
  const { Sha256 } = require('@aws-crypto/sha256-js');
  return new SignatureV4({ service: 'es', region, credentials, sha256: Sha256 });
}

/** One HTTP(S) exchange; resolves with the status and body whatever the status. */
function send(url, { method, headers, body }) {
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: text }));
    });
    request.on('error', reject);
    request.setTimeout(30_000, () =>
      request.destroy(new Error(`${method} ${url.pathname} timed out`)),
    );
    request.end(body);
  });
}

function clientsFor({ region, credentials }) {
  const signer = signerFor({ region, credentials });
  return {
    request: async (endpoint, { method, path, body }) => {
      const url = new URL(path, endpoint);
      const payload = JSON.stringify(body);
      const signed = await signer.sign({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        headers: {
          host: url.host,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(payload)),
        },
        body: payload,
      });
      return send(url, { method, headers: signed.headers, body: payload });
    },
  };
}

function clientsFromRuntime() {
  return clientsFor({
    region: process.env.AWS_REGION,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID,
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
      sessionToken: process.env.AWS_SESSION_TOKEN,
    },
  });
}

function checked(event) {
  const endpoint = event?.endpoint;
  const requests = event?.requests;
  const problems = [];
  if (typeof endpoint !== 'string' || !/^https?:\/\/[^/]+$/.test(endpoint)) {
    problems.push('endpoint must be a URL with no path');
  }
  if (
    !Array.isArray(requests) ||
    requests.some((r) => r?.method !== 'PUT' || !String(r?.path).startsWith('/_plugins/_security/'))
  ) {
    problems.push('requests must be PUTs to the security plugin');
  }
  if (problems.length > 0) throw new Error(`search-roles: ${problems.join('; ')}`);
  return { endpoint, requests };
}

/** Sends every request in order; the first one the domain refuses stops the run. */
async function apply(clients, event) {
  const { endpoint, requests } = checked(event);
  let sent = 0;
  for (const request of requests) {
    const answer = await clients.request(endpoint, request);
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(
        `search-roles: ${request.method} ${request.path} (${sent + 1} of ${requests.length}) answered ${answer.status}: ${answer.body.slice(0, 500)}`,
      );
    }
    sent += 1;
  }
  return { sent };
}

exports.apply = apply;
exports.clientsFor = clientsFor;
exports.handler = async (event) => apply(clientsFromRuntime(), event);
