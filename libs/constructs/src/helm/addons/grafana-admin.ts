/**
 * Grafana's admin login, generated in the cluster by external-secrets' Password generator.
 * Grafana's chart would otherwise render a random password into its own Secret, and Helm keeps
 * every rendered manifest in the release record, which the plan role reads
 * (HELM_RELEASE_DRIVER): the password must never be part of a rendering.
 */
export const GRAFANA_ADMIN_SECRET = {
  /** The Secret's name. */
  name: 'grafana-admin',
  /** Its key holding the user name. */
  userKey: 'admin-user',
  /** The Password generator's output key. */
  passwordKey: 'password',
  /** The user name. */
  user: 'admin',
} as const;

/** Long enough for an online guess to be hopeless; letters and digits only, for any client. */
const PASSWORD_LENGTH = 40;

/** The generator and the ExternalSecret that makes GRAFANA_ADMIN_SECRET from it, in `namespace`. */
export function grafanaAdminManifests(namespace: string): object[] {
  const generator = {
    apiVersion: 'generators.external-secrets.io/v1alpha1',
    kind: 'Password',
    metadata: { name: GRAFANA_ADMIN_SECRET.name, namespace },
    spec: { length: PASSWORD_LENGTH, symbols: 0, noUpper: false, allowRepeat: true },
  };
  const externalSecret = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: GRAFANA_ADMIN_SECRET.name, namespace },
    spec: {
      // Generated once: Grafana keeps the first admin password in its database, so a new one
      // in the Secret would only lock the next pod out of nothing and confuse whoever reads it.
      refreshInterval: '0',
      target: {
        name: GRAFANA_ADMIN_SECRET.name,
        creationPolicy: 'Owner',
        template: {
          mergePolicy: 'Merge',
          data: { [GRAFANA_ADMIN_SECRET.userKey]: GRAFANA_ADMIN_SECRET.user },
        },
      },
      dataFrom: [
        {
          sourceRef: {
            generatorRef: {
              apiVersion: generator.apiVersion,
              kind: generator.kind,
              name: generator.metadata.name,
            },
          },
        },
      ],
    },
  };
  return [generator, externalSecret];
}
