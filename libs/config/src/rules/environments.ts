import { ConfigIssue } from '../config-error';
import type { EnvironmentConfig } from '../environment';

/**
 * Rules across the environments of one directory. GuardDuty detectors, Security Hub, the
 * AWS Config recorder and its service-linked role, and the cost anomaly monitor exist once
 * per account: a second environment creating them fails at apply. The first environment
 * (by file name) of an account that has them on owns them; the others must switch off.
 */
export function checkEnvironmentSet(environments: readonly EnvironmentConfig[]): ConfigIssue[] {
  const owners = new Map<string, EnvironmentConfig>();
  const issues: ConfigIssue[] = [];
  const owning = environments
    .filter((env) => env.layers.observability && env.observability.accountServices)
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
      message: `is on, but account ${env.accountId} is also ${owner.name}'s (${owner.sourceFile}), which already creates the once-per-account services (GuardDuty, Security Hub, AWS Config, cost anomaly monitor); set it false here`,
    });
  }
  return issues;
}
