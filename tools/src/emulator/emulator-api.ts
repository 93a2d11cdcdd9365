/**
 * The two reads the emulator flow makes itself, outside the engine: the state object and
 * the lock table. moto checks that a request is signed but not the signature, so a
 * well-formed Authorization header with the flow's fake credentials is enough.
 */
function authorization(region: string, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=emulator/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
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
      const path = key.split('/').map(encodeURIComponent).join('/');
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
