import { ConfigIssue } from '../config-error';
import type { EnvironmentConfig } from '../environment';
import { frontDoorHosts } from '../front-door-hosts';

/** Rules across the environments of one directory. */
export function checkEnvironmentSet(environments: readonly EnvironmentConfig[]): ConfigIssue[] {
  return [...accountServicesOnce(environments), ...hostNamesUnique(environments)];
}

/**
 * Once-per-account resources: GuardDuty detectors, Security Hub, the AWS Config recorder and
 * its service-linked role, the cost anomaly monitor and X-Ray's encryption (observability
 * layer), the registry's scanning and replication settings (cluster layer) and GitHub's OIDC
 * provider (state layer). A second environment creating them fails at apply or fights the
 * first. The first environment (by file name) of an account that has `accountServices` on
 * owns them, whichever of those layers it runs; the others must switch off.
 */
function accountServicesOnce(environments: readonly EnvironmentConfig[]): ConfigIssue[] {
  const owners = new Map<string, EnvironmentConfig>();
  const issues: ConfigIssue[] = [];
  const owning = environments
    .filter(
      (env) =>
        env.observability.accountServices &&
        (env.layers.observability ||
          env.layers.cluster ||
          (env.layers.state && env.delivery.githubRepository)),
    )
    .sort((a, b) => a.sourceFile.localeCompare(b.sourceFile));
  for (const env of owning) {
    const owner = owners.get(env.accountId);
    if (!owner) {
      owners.set(env.accountId, env);
      continue;
    }
    issues.push({
      file: env.sourceFile,
      field: 'observability.accountServices',
      rule: 'account-services-once',
      message: `is on, but account ${env.accountId} is also ${owner.name}'s (${owner.sourceFile}), which already creates the once-per-account resources (GuardDuty, Security Hub, AWS Config, cost anomaly monitor, X-Ray encryption, the registry's scanning and replication, GitHub's OIDC provider); set it false here`,
    });
  }
  return issues;
}

/**
 * Host names are global: CloudFront refuses an alias another distribution has
 * (CNAMEAlreadyExists), and of two hosted zones for one name only the delegated one answers.
 * Every host an environment's edge serves (the API, the portal, each region's host and its
 * Argo CD) may belong to one environment only.
 */
function hostNamesUnique(environments: readonly EnvironmentConfig[]): ConfigIssue[] {
  const claimed = new Map<string, EnvironmentConfig>();
  const issues: ConfigIssue[] = [];
  const serving = environments
    .filter((env) => env.layers.edge)
    .sort((a, b) => a.sourceFile.localeCompare(b.sourceFile));
  for (const env of serving) {
    const hosts = new Set(
      env.regions.flatMap((region) => Object.values(frontDoorHosts(env, region.name))),
    );
    const taken = [...hosts].filter((host) => claimed.has(host) && claimed.get(host) !== env);
    if (taken.length > 0) {
      const owner = claimed.get(taken[0]) as EnvironmentConfig;
      issues.push({
        file: env.sourceFile,
        field: 'dnsDomain',
        rule: 'host-names-unique',
        message: `serves ${taken.join(', ')}, which ${owner.name} (${owner.sourceFile}) serves already; CloudFront and DNS take a host name once`,
      });
    }
    for (const host of hosts) if (!claimed.has(host)) claimed.set(host, env);
  }
  return issues;
}
