/**
 * The calls the emulator flow makes itself, outside the engine: the state object, the lock
 * table, and what its end-to-end checks write and read. moto checks that a request is signed but not the signature, so a
 * well-formed Authorization header with the flow's fake credentials is enough.
 */
function authorization(region: string, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=emulator/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** An object key as a path-style URL path: each segment encoded, the slashes kept. */
function objectPath(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

export interface EmulatorApi {
  readonly endpoint: string;
  readonly region: string;
}

/** An S3 object's body (path-style), or undefined when it does not exist. */
export async function getObject(
  api: EmulatorApi,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  const response = await fetch(`${api.endpoint}/${bucket}/${key}`, {
    headers: { Authorization: authorization(api.region, 's3') },
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET s3://${bucket}/${key}: HTTP ${response.status}`);
  return response.text();
}

/** The LockID of every item in a DynamoDB lock table. */
export async function lockIds(api: EmulatorApi, table: string): Promise<string[]> {
  const response = await fetch(api.endpoint, {
    method: 'POST',
    headers: {
      Authorization: authorization(api.region, 'dynamodb'),
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': 'DynamoDB_20120810.Scan',
    },
    body: JSON.stringify({ TableName: table }),
  });
  if (!response.ok) throw new Error(`Scan ${table}: HTTP ${response.status}`);
  const body = (await response.json()) as { Items: Array<{ LockID: { S: string } }> };
  return body.Items.map((item) => item.LockID.S);
}

/** Where a stack keeps its state and its locks (the S3 backend's settings). */
export interface StateBackendSettings {
  readonly bucket: string;
  readonly key: string;
  readonly dynamodb_table?: string;
}

/** The lock table's item for a state while it is locked (the backend's `LockID`). */
export function stateLockId(backend: StateBackendSettings): string {
  return `${backend.bucket}/${backend.key}`;
}

/** The lock table's item of a state, while it is locked: the engine's lock ID and its creation. */
export async function heldLock(
  api: EmulatorApi,
  backend: StateBackendSettings,
): Promise<{ readonly id: string; readonly createdMs: number } | undefined> {
  if (!backend.dynamodb_table) return undefined;
  const { Item } = await awsJson<{ Item?: { Info?: { S?: string } } }>(
    api,
    'dynamodb',
    'DynamoDB_20120810.GetItem',
    { TableName: backend.dynamodb_table, Key: { LockID: { S: stateLockId(backend) } } },
  );
  const info = Item?.Info?.S;
  if (!info) return undefined;
  const { ID, Created } = JSON.parse(info) as { ID?: string; Created?: string };
  return ID && Created ? { id: ID, createdMs: Date.parse(Created) } : undefined;
}

/**
 * Removes a state's held locks, both kinds the backend takes: the lock object beside the
 * state (`use_lockfile`) and the lock table's item (the state digest, `<id>-md5`, stays).
 * After a restore no process that took one is alive to release it. Returns how many it removed.
 */
export async function releaseStateLock(
  api: EmulatorApi,
  backend: StateBackendSettings,
): Promise<number> {
  let released = 0;
  const lockObject = `${backend.key}.tflock`;
  if ((await getObject(api, backend.bucket, lockObject)) !== undefined) {
    await deleteObject(api, backend.bucket, lockObject);
    released++;
  }
  const lockId = stateLockId(backend);
  if (backend.dynamodb_table && (await lockIds(api, backend.dynamodb_table)).includes(lockId)) {
    await awsJson(api, 'dynamodb', 'DynamoDB_20120810.DeleteItem', {
      TableName: backend.dynamodb_table,
      Key: { LockID: { S: lockId } },
    });
    released++;
  }
  return released;
}

/**
 * Deletes every object version and delete marker of a bucket (path-style), so Terraform can
 * delete the bucket: what S3 itself wrote there (server access logs) is no resource of the
 * stack. Returns how many versions were deleted.
 */
export async function emptyBucket(api: EmulatorApi, bucket: string): Promise<number> {
  const headers = { Authorization: authorization(api.region, 's3') };
  let deleted = 0;
  for (let round = 0; round < 50; round++) {
    const response = await fetch(`${api.endpoint}/${bucket}?versions`, { headers });
    if (response.status === 404) return deleted;
    if (!response.ok) throw new Error(`GET s3://${bucket}?versions: HTTP ${response.status}`);
    const xml = await response.text();
    const entries = [
      ...xml.matchAll(/<(?:Version|DeleteMarker)>([\s\S]*?)<\/(?:Version|DeleteMarker)>/g),
    ].map(([, body]) => ({
      key: /<Key>([\s\S]*?)<\/Key>/.exec(body)?.[1] ?? '',
      versionId: /<VersionId>([\s\S]*?)<\/VersionId>/.exec(body)?.[1] ?? 'null',
    }));
    if (entries.length === 0) return deleted;
    for (const { key, versionId } of entries) {
      const path = objectPath(key);
      const remove = await fetch(
        `${api.endpoint}/${bucket}/${path}?versionId=${encodeURIComponent(versionId)}`,
        { method: 'DELETE', headers },
      );
      if (!remove.ok && remove.status !== 404)
        throw new Error(`DELETE s3://${bucket}/${key}: HTTP ${remove.status}`);
      deleted += 1;
    }
  }
  throw new Error(`s3://${bucket} still holds objects after 50 rounds of deletes`);
}

/**
 * One call of an AWS JSON-protocol API (CloudWatch Logs, Firehose, ...), e.g.
 * `awsJson(api, 'logs', 'Logs_20140328.PutLogEvents', {...})`. Throws with the service's error.
 */
export async function awsJson<T = Record<string, unknown>>(
  api: EmulatorApi,
  service: string,
  target: string,
  body: object,
): Promise<T> {
  const response = await fetch(api.endpoint, {
    method: 'POST',
    headers: {
      Authorization: authorization(api.region, service),
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': target,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${target}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** The keys of a bucket's current objects under `prefix` (path-style, first 1,000). */
export async function listObjectKeys(
  api: EmulatorApi,
  bucket: string,
  prefix: string,
): Promise<string[]> {
  const response = await fetch(
    `${api.endpoint}/${bucket}?list-type=2&prefix=${encodeURIComponent(prefix)}`,
    { headers: { Authorization: authorization(api.region, 's3') } },
  );
  if (!response.ok) throw new Error(`LIST s3://${bucket}/${prefix}: HTTP ${response.status}`);
  const xml = await response.text();
  return [...xml.matchAll(/<Contents>[\s\S]*?<Key>([\s\S]*?)<\/Key>/g)].map(([, key]) => key);
}

/** An S3 object's bytes (path-style). */
export async function getObjectBytes(
  api: EmulatorApi,
  bucket: string,
  key: string,
): Promise<Uint8Array> {
  const path = objectPath(key);
  const response = await fetch(`${api.endpoint}/${bucket}/${path}`, {
    headers: { Authorization: authorization(api.region, 's3') },
  });
  if (!response.ok) throw new Error(`GET s3://${bucket}/${key}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Creates a bucket in `region` (path-style). */
export async function createBucket(
  api: EmulatorApi,
  bucket: string,
  region: string,
): Promise<void> {
  const response = await fetch(`${api.endpoint}/${bucket}`, {
    method: 'PUT',
    headers: { Authorization: authorization(region, 's3') },
    // S3 refuses a location constraint naming us-east-1, its default.
    body:
      region === 'us-east-1'
        ? undefined
        : `<CreateBucketConfiguration><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`,
  });
  if (!response.ok) throw new Error(`PUT s3://${bucket}: HTTP ${response.status}`);
}

/** Writes an object (path-style). */
export async function putObject(
  api: EmulatorApi,
  bucket: string,
  key: string,
  body: Uint8Array | string,
): Promise<void> {
  const path = objectPath(key);
  const response = await fetch(`${api.endpoint}/${bucket}/${path}`, {
    method: 'PUT',
    headers: { Authorization: authorization(api.region, 's3') },
    body,
  });
  if (!response.ok) throw new Error(`PUT s3://${bucket}/${key}: HTTP ${response.status}`);
}

/** Deletes an object's current version (path-style; a delete marker where versioned). */
export async function deleteObject(api: EmulatorApi, bucket: string, key: string): Promise<void> {
  const path = objectPath(key);
  const response = await fetch(`${api.endpoint}/${bucket}/${path}`, {
    method: 'DELETE',
    headers: { Authorization: authorization(api.region, 's3') },
  });
  if (!response.ok && response.status !== 404)
    throw new Error(`DELETE s3://${bucket}/${key}: HTTP ${response.status}`);
}
