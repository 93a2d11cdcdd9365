import { HELM_RELEASE_DRIVER } from '@strata/constructs/kubernetes';
import { Manifest } from './crd-schemas';

/** The keys of a Secret that carry a value (an empty value holds nothing to read). */
function filledKeys(secret: Manifest): string[] {
  const body = secret as { data?: Record<string, unknown>; stringData?: Record<string, unknown> };
  return [...Object.entries(body.data ?? {}), ...Object.entries(body.stringData ?? {})]
    .filter(([, value]) => value !== '' && value !== null && value !== undefined)
    .map(([key]) => key);
}

/**
 * Secrets a release renders with a value. Helm keeps each release's rendered manifest in its
 * release record, a ConfigMap with the platform's driver, which the plan role's view access
 * reads: a value rendered there is readable by every pull request's plan. Such a value belongs
 * in a Secret the workload or external-secrets creates, never in the chart's output.
 */
export function releaseRecordProblems(
  objects: readonly Manifest[],
  /** Secrets whose values come only from the repository, by name (AddonCheckRules). */
  repositorySecrets: Readonly<Record<string, string>> = {},
): string[] {
  return objects
    .filter((object) => object.kind === 'Secret')
    .filter((secret) => !Object.hasOwn(repositorySecrets, secret.metadata?.name ?? ''))
    .flatMap((secret) => {
      const keys = filledKeys(secret);
      if (keys.length === 0) return [];
      const name = `${secret.metadata?.namespace ?? ''}/${secret.metadata?.name ?? ''}`;
      return [
        `Secret ${name} is rendered with a value (${keys.join(', ')}): Helm keeps the rendered ` +
          `manifest in the release record (${HELM_RELEASE_DRIVER} driver), which the plan role's ` +
          `view access reads; have the workload or external-secrets create it instead`,
      ];
    });
}
