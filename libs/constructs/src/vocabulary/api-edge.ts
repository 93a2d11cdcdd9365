// What the edge accepts from API clients and browsers: one source for the web ACL's rules,
// the front door's CORS policy and the environment schema.

/** How closely AWS WAF Bot Control inspects: signatures only, or also browser challenges. */
export enum BotControlLevel {
  /** Self-identifying bots and known bot signatures. */
  COMMON = 'COMMON',
  /** Also bots that hide: browser interrogation, fingerprinting and behaviour (costs more). */
  TARGETED = 'TARGETED',
}

/**
 * The HTTP methods the API accepts; the web ACL blocks any other on the API hosts and the
 * front door's CORS policy allows these.
 */
export const API_HTTP_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
] as const;

/** Sizes of an API request past which the web ACL blocks it (bytes). */
export const API_REQUEST_LIMITS = {
  /** The URI path. */
  uriPathBytes: 2048,
  /** The query string. */
  queryStringBytes: 4096,
} as const;

/**
 * Countries under comprehensive U.S. sanctions (OFAC: Cuba, Iran, North Korea, Syria): the
 * default country block list, which an environment may extend or replace.
 */
export const SANCTIONED_COUNTRIES: readonly string[] = ['CU', 'IR', 'KP', 'SY'];
