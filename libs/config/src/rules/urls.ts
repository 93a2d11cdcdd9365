import type { EnvironmentConfig } from '../environment';
import { excerpt } from '../text-excerpt';
import { Rule, RuleFinding } from './rule';

/** Query parameters that carry a credential by their name (`?token=`, `&api_key=`, `sig`). */
const CREDENTIAL_PARAMETER =
  /(token|secret|passw(or)?d|pwd|api[-_]?key|access[-_]?key|sig(nature)?)$/i;

/** Every URL the file gives, with its field: each ends up in `dist/` or a cluster's values. */
function urlFields(env: EnvironmentConfig): Array<[field: string, url: string]> {
  const fields: Array<[string, string]> = [];
  const cluster = env.cluster;
  if (cluster) {
    cluster.monitoring.alertRoutes.forEach((route, index) =>
      fields.push([`cluster.monitoring.alertRoutes.${index}.webhookUrl`, route.webhookUrl]),
    );
    // git@host:path is not a URL; only the https form is checked.
    if (cluster.gitops.repoUrl.startsWith('https://')) {
      fields.push(['cluster.gitops.repoUrl', cluster.gitops.repoUrl]);
    }
    if (cluster.gitops.sso)
      fields.push(['cluster.gitops.sso.issuerUrl', cluster.gitops.sso.issuerUrl]);
    const grafana = cluster.monitoring.sso;
    if (grafana)
      for (const key of ['issuerUrl', 'authorizationUrl', 'tokenUrl', 'userInfoUrl'] as const)
        fields.push([`cluster.monitoring.sso.${key}`, grafana[key]]);
  }
  for (const severity of ['critical', 'warning'] as const) {
    env.observability.notifications[severity].forEach((endpoint, index) => {
      if (/^https?:\/\//i.test(endpoint)) {
        fields.push([`observability.notifications.${severity}.${index}`, endpoint]);
      }
    });
  }
  return fields;
}

/**
 * URLs as the services that receive them compare them, and with nothing secret inside:
 * credentials in a URL (`user:password@`, a `token=` parameter) would be written in clear to
 * the synthesized output and the cluster's Helm values; a host with upper-case letters is not
 * what an OIDC issuer's tokens carry (`iss` is compared exactly); a host with non-ASCII
 * characters can be a look-alike of another (`xn--` once encoded).
 */
export const urlHygiene: Rule = (env) =>
  urlFields(env).flatMap(([field, text]): RuleFinding[] => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return [];
    }
    const problems: RuleFinding[] = [];
    if (url.username || url.password) {
      problems.push({
        field,
        rule: 'url-credentials',
        message:
          'carries credentials (user:password@), which would be written in clear to dist/ and the cluster; give the URL without them',
      });
    }
    const secretParameters = [...url.searchParams.keys()].filter((name) =>
      CREDENTIAL_PARAMETER.test(name),
    );
    if (secretParameters.length > 0) {
      problems.push({
        field,
        rule: 'url-credentials',
        message: `carries a credential in its query (${secretParameters.map((name) => excerpt(name, 30)).join(', ')}), which would be written in clear to dist/ and the cluster; give the URL without it`,
      });
    }
    const host = text.replace(/^[a-z]+:\/\/(?:[^@/]*@)?/i, '').split(/[/:?#]/)[0];
    if (host.startsWith('[')) return problems; // an IPv6 literal: no letters to compare
    if (url.hostname.split('.').some((label) => label.startsWith('xn--')) || /[^ -~]/.test(host)) {
      problems.push({
        field,
        rule: 'url-host',
        message: `has a host name with non-ASCII characters (${excerpt(url.hostname, 60)} once encoded), which can be a look-alike of another; write the ASCII host name`,
      });
    } else if (host !== url.hostname) {
      problems.push({
        field,
        rule: 'url-host',
        message: `writes its host as "${excerpt(host, 60)}"; write it in lower case ("${excerpt(url.hostname, 60)}"), as the service compares it`,
      });
    }
    return problems;
  });
