import { withTokensAs } from './readable';

/**
 * The naming rules AWS enforces at apply time, checked at construction. Each returns the rule
 * a name breaks, or undefined. A name holding tokens is checked on its literal parts (each
 * token stands in as one letter); its length is known only at apply, so it is not checked.
 */

/** A name with each token standing in as one letter, and whether it held none. */
function literal(name: string): { readonly text: string; readonly complete: boolean } {
  const { text, tokens } = withTokensAs(name, 'a');
  return { text, complete: tokens === 0 };
}

/** General purpose bucket names (S3 User Guide, "Bucket naming rules"). */
export function bucketNameRule(name: string): string | undefined {
  const { text, complete } = literal(name);
  if (complete && (text.length < 3 || text.length > 63))
    return 'a bucket name has 3 to 63 characters';
  if (!/^[a-z0-9.-]*$/.test(text))
    return 'a bucket name has only lower-case letters, digits, dots and hyphens';
  if (!/^[a-z0-9](.*[a-z0-9])?$/.test(text))
    return 'a bucket name begins and ends with a letter or a digit';
  if (text.includes('..')) return 'a bucket name has no two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return 'a bucket name is not an IP address';
  const prefix = ['xn--', 'sthree-', 'amzn-s3-demo-'].find((reserved) => text.startsWith(reserved));
  if (prefix) return `a bucket name does not begin with "${prefix}" (reserved)`;
  const suffix = ['-s3alias', '--ol-s3', '--x-s3', '--table-s3'].find((reserved) =>
    text.endsWith(reserved),
  );
  if (suffix) return `a bucket name does not end with "${suffix}" (reserved)`;
  return undefined;
}

/** KMS alias names, given without the `alias/` prefix the construct adds. */
export function kmsAliasRule(alias: string): string | undefined {
  const { text, complete } = literal(alias);
  if (text.startsWith('alias/'))
    return 'give the alias without "alias/": the construct adds it (this would be "alias/alias/...")';
  if (text.startsWith('aws/'))
    return 'aliases beginning with "aws/" are reserved for AWS managed keys';
  if (!/^[a-zA-Z0-9/_-]+$/.test(text)) return 'an alias has only letters, digits, "/", "_" and "-"';
  if (complete && `alias/${text}`.length > 256) return 'an alias has at most 256 characters';
  return undefined;
}

/** The longest SQS queue name, `.fifo` included. */
export const SQS_QUEUE_NAME_LIMIT = 80;

/**
 * An SQS queue's base name, to which the construct adds `suffix` (e.g. `-dlq.fifo`, the
 * longest name it makes from it).
 */
export function queueNameRule(name: string, suffix: string): string | undefined {
  const { text, complete } = literal(name);
  if (text.endsWith('.fifo'))
    return 'give the name without ".fifo": `fifo: true` adds it (this would be "….fifo.fifo")';
  if (!/^[a-zA-Z0-9_-]+$/.test(text)) return 'a queue name has only letters, digits, "_" and "-"';
  if (complete && `${text}${suffix}`.length > SQS_QUEUE_NAME_LIMIT)
    return `a queue name has at most ${SQS_QUEUE_NAME_LIMIT} characters, and this construct adds "${suffix}"`;
  return undefined;
}

/** IAM role names: up to 64 of letters, digits and `+=,.@_-`. */
export function iamRoleNameRule(name: string): string | undefined {
  const { text, complete } = literal(name);
  if (!/^[\w+=,.@-]+$/.test(text)) return 'a role name has only letters, digits and "+=,.@_-"';
  if (complete && text.length > 64) return 'a role name has at most 64 characters';
  return undefined;
}

/**
 * RDS identifiers (clusters, instances): a letter first, then letters, digits and single
 * hyphens, not ending in one; at most 63 characters with the `suffix` the construct adds
 * (its instances' `-<n>`).
 */
export function rdsIdentifierRule(identifier: string, suffix = ''): string | undefined {
  const { text, complete } = literal(identifier);
  if (!/^[a-zA-Z]/.test(text)) return 'an RDS identifier begins with a letter';
  if (!/^[a-zA-Z0-9-]+$/.test(text))
    return 'an RDS identifier has only letters, digits and hyphens';
  if (text.includes('--') || text.endsWith('-'))
    return 'an RDS identifier has no two hyphens in a row and does not end with one';
  if (complete && `${text}${suffix}`.length > 63)
    return `an RDS identifier has at most 63 characters, and this construct adds "${suffix}"`;
  return undefined;
}

/** CloudWatch Logs group names: 1 to 512 of letters, digits and `._-/#`. */
export function logGroupNameRule(name: string): string | undefined {
  const { text, complete } = literal(name);
  if (!/^[\w./#-]+$/.test(text)) return 'a log group name has only letters, digits and "._-/#"';
  if (complete && text.length > 512) return 'a log group name has at most 512 characters';
  return undefined;
}

/**
 * ElastiCache ids (replication groups, users, user groups): 1 to 40 characters, a letter first,
 * letters, digits and hyphens with no two in a row and none at the end; lower case, as
 * ElastiCache stores them (an IAM login's user name must equal its id, so a case change breaks it).
 */
export function elastiCacheIdRule(id: string): string | undefined {
  const { text, complete } = literal(id);
  if (complete && (text.length < 1 || text.length > 40))
    return 'an ElastiCache id has 1 to 40 characters';
  if (!/^[a-z0-9-]*$/.test(text))
    return 'an ElastiCache id has only lower-case letters, digits and hyphens';
  if (!/^[a-z]/.test(text)) return 'an ElastiCache id begins with a letter';
  if (text.includes('--') || text.endsWith('-'))
    return 'an ElastiCache id has no two hyphens in a row and does not end with one';
  return undefined;
}
