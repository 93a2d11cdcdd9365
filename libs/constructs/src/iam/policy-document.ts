/** A typed IAM policy statement; rendered with JSON.stringify (tokens resolve inside the string). */
export interface PolicyStatement {
  /** Statement id. @default none */
  readonly Sid?: string;
  /** Whether the statement allows or denies. */
  readonly Effect: 'Allow' | 'Deny';
  /** Who it applies to (resource policies only). @default none */
  readonly Principal?: '*' | Readonly<Record<string, string | readonly string[]>>;
  /** The actions. */
  readonly Action: string | readonly string[];
  /** The resources. @default none (resource policies) */
  readonly Resource?: string | readonly string[];
  /** Conditions, by operator and key. @default none */
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | boolean | readonly string[]>>>
  >;
}

/** Resource-policy statement refusing every request to `resource` that does not use TLS. */
export function denyInsecureTransport(
  action: string,
  resource: string | readonly string[],
): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: action,
    Resource: resource,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** The policy as IAM's JSON, with version `2012-10-17`. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy letting one AWS service assume a role, only on behalf of this account. */
export function serviceTrustPolicy(service: string, accountId: string): string {
  return policyDocument([
    {
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      // Confused-deputy guard: the service may assume the role only for this account.
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
  ]);
}
