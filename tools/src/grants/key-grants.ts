/**
 * Joins the grants a synthesized stack makes with the keys that encrypt what they grant: a
 * role allowed to read an object, a message or an item of an encrypted bucket, queue or table
 * must also be allowed the key use AWS checks with the caller's credentials, on that key, and
 * the key's policy must let IAM policies grant it. Works on cdk.tf.json, by the references
 * Terraform resolves (`${aws_kms_key.k.arn}`), so what it cannot resolve inside one stack (an
 * ARN from another stack's outputs) is counted, not guessed.
 */

interface Statement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Resource?: string | string[];
  readonly Principal?: string | { readonly AWS?: string | string[] };
}

/** What a stack's synthesized JSON holds, as far as the join reads it. */
export interface StackJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
}

/** An encrypted kind of resource: which data actions need which key use. */
interface EncryptedKind {
  readonly type: string;
  /** The resource's name attribute, and how an ARN spelled out with it names the resource. */
  readonly name: { readonly attribute: string; readonly inArn: RegExp };
  /** The key expression of one resource of this type, from the stack. */
  keys(resources: NonNullable<StackJson['resource']>): Map<string, string>;
  readonly uses: ReadonlyArray<{ readonly action: RegExp; readonly kms: readonly string[] }>;
}

const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const refId = (expression: string, type: string): string | undefined =>
  new RegExp(`\\$\\{${type}\\.([\\w-]+)\\.`).exec(expression)?.[1];
const entries = (resources: NonNullable<StackJson['resource']>, type: string) =>
  Object.entries(resources[type] ?? {});
const first = (value: unknown): Record<string, unknown> | undefined =>
  list(value as Record<string, unknown> | Record<string, unknown>[])[0];

/**
 * The key uses AWS checks with the caller's credentials (S3, SQS and DynamoDB developer guides,
 * "using a customer managed key"): reading needs Decrypt; writing an S3 object GenerateDataKey;
 * sending an SQS message GenerateDataKey and Decrypt; any DynamoDB item access Decrypt.
 */
const KINDS: readonly EncryptedKind[] = [
  {
    type: 'aws_s3_bucket',
    name: { attribute: 'bucket', inArn: /^arn:[^:]+:s3:::([^/]+)/ },
    keys: (resources) =>
      new Map(
        entries(resources, 'aws_s3_bucket_server_side_encryption_configuration').flatMap(
          ([, config]) => {
            const bucket = refId(String(config.bucket), 'aws_s3_bucket');
            const rule = first(config.rule);
            const key = first(rule?.apply_server_side_encryption_by_default)?.kms_master_key_id;
            return bucket && typeof key === 'string' ? [[bucket, key] as const] : [];
          },
        ),
      ),
    uses: [
      { action: /^s3:GetObject(Version)?$/, kms: ['kms:Decrypt'] },
      { action: /^s3:PutObject$/, kms: ['kms:GenerateDataKey'] },
    ],
  },
  {
    type: 'aws_sqs_queue',
    name: { attribute: 'name', inArn: /^arn:[^:]+:sqs:[^:]+:[^:]+:([^/]+)$/ },
    keys: (resources) =>
      new Map(
        entries(resources, 'aws_sqs_queue').flatMap(([id, queue]) =>
          typeof queue.kms_master_key_id === 'string'
            ? [[id, queue.kms_master_key_id] as const]
            : [],
        ),
      ),
    uses: [
      { action: /^sqs:ReceiveMessage$/, kms: ['kms:Decrypt'] },
      { action: /^sqs:SendMessage$/, kms: ['kms:GenerateDataKey', 'kms:Decrypt'] },
    ],
  },
  ...['aws_dynamodb_table', 'aws_dynamodb_table_replica'].map((type) => ({
    type,
    name: { attribute: 'name', inArn: /^arn:[^:]+:dynamodb:[^:]+:[^:]+:table\/([^/]+)/ },
    keys: (resources: NonNullable<StackJson['resource']>) =>
      new Map(
        entries(resources, type).flatMap(([id, table]) => {
          const key =
            type === 'aws_dynamodb_table'
              ? first(table.server_side_encryption)?.kms_key_arn
              : table.kms_key_arn;
          return typeof key === 'string' ? [[id, key] as const] : [];
        }),
      ),
    uses: [
      {
        action:
          /^dynamodb:(GetItem|BatchGetItem|Query|Scan|PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/,
        kms: ['kms:Decrypt'],
      },
    ],
  })),
];

/** The resource of this kind an ARN names: by reference, or spelled out with its name. */
function resourceId(
  resources: NonNullable<StackJson['resource']>,
  kind: EncryptedKind,
  arn: string,
): string | undefined {
  const referenced = refId(arn, kind.type);
  if (referenced) return referenced;
  const name = kind.name.inArn.exec(arn)?.[1];
  return name === undefined
    ? undefined
    : entries(resources, kind.type).find(
        ([, resource]) => resource[kind.name.attribute] === name,
      )?.[0];
}

const matches = (pattern: string, action: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(
    action,
  );

/** What the join found in one stack. */
export interface KeyGrantJoin {
  /** Grants on an encrypted resource of this stack, each joined with its key. */
  readonly joined: number;
  /** Grants whose resource is not one of this stack's (another stack's ARN, a pattern). */
  readonly unresolved: number;
  /** Each grant that lacks its key use, or whose key does not let IAM policies grant it. */
  readonly findings: readonly string[];
}

/** Whether a key policy lets IAM policies grant its use (the account root allowed kms:*). */
function delegatesToIam(policy: string): boolean {
  const statements = list(
    (JSON.parse(policy) as { Statement?: Statement | Statement[] }).Statement,
  );
  return statements.some(
    (statement) =>
      statement.Effect === 'Allow' &&
      typeof statement.Principal === 'object' &&
      list(statement.Principal.AWS).some((arn) => /:root["}]*$|:root$/.test(arn)) &&
      list(statement.Action).some((action) => matches(action, 'kms:Decrypt')),
  );
}

export function joinKeyGrants(stack: StackJson): KeyGrantJoin {
  const resources = stack.resource ?? {};
  const keysOf = new Map(KINDS.map((kind) => [kind, kind.keys(resources)]));
  const byRole = new Map<string, Statement[]>();
  for (const [, policy] of entries(resources, 'aws_iam_role_policy')) {
    if (typeof policy.policy !== 'string' || policy.policy.startsWith('${')) continue;
    const document = JSON.parse(policy.policy) as { Statement?: Statement | Statement[] };
    const role = String(policy.role);
    byRole.set(role, [
      ...(byRole.get(role) ?? []),
      ...list(document.Statement).filter((statement) => statement.Effect === 'Allow'),
    ]);
  }
  let joined = 0;
  let unresolved = 0;
  const findings = new Set<string>();
  for (const [role, statements] of byRole)
    for (const statement of statements)
      for (const action of list(statement.Action))
        for (const kind of KINDS)
          for (const use of kind.uses.filter((candidate) => candidate.action.test(action)))
            for (const resource of list(statement.Resource)) {
              const id = resourceId(resources, kind, resource);
              if (!id) {
                unresolved += 1;
                continue;
              }
              const key = keysOf.get(kind)?.get(id);
              if (!key) continue; // not encrypted with a key of its own
              joined += 1;
              for (const kms of use.kms) {
                const allowed = statements.some(
                  (grant) =>
                    list(grant.Action).some((granted) => matches(granted, kms)) &&
                    list(grant.Resource).some((granted) => granted === key || granted === '*'),
                );
                if (!allowed)
                  findings.add(`${role} may ${action} ${kind.type}.${id} but not ${kms} on ${key}`);
              }
              const keyId = refId(key, 'aws_kms_key');
              const keyPolicy = keyId && resources.aws_kms_key?.[keyId]?.policy;
              if (typeof keyPolicy === 'string' && !delegatesToIam(keyPolicy))
                findings.add(
                  `${key}: its policy does not let IAM policies grant its use (${role})`,
                );
            }
  return { joined, unresolved, findings: [...findings].sort() };
}
