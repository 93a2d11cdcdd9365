import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { applicationSourceProblems, CheckedSource } from './application-sources';
import { Manifest } from './crd-schemas';

const root = findWorkspaceRoot(__dirname);
const application = (path: string, values: Record<string, unknown>): Manifest => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'gateway', namespace: 'argocd' },
  spec: {
    source: {
      repoURL: 'https://github.com/example-org/strata.git',
      path,
      helm: { valuesObject: values },
    },
    destination: { namespace: 'gateway' },
  },
});
const rendered = (values: Record<string, unknown>): CheckedSource => ({
  release: 'argocd-root-app/strata-root/gateway',
  namespace: 'gateway',
  chartDir: join(root, 'charts', 'platform-service'),
  values,
  objects: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'gateway' } }],
});
const appOfApps = (app: Manifest): CheckedSource => ({
  release: 'argocd-root-app/strata-root',
  namespace: 'argocd',
  values: {},
  objects: [app],
});

describe('applicationSourceProblems', () => {
  it('passes an Application the check rendered from the same path with the same values', () => {
    const values = { name: 'gateway', port: 8080 };
    expect(
      applicationSourceProblems(
        [appOfApps(application('charts/platform-service', values)), rendered(values)],
        root,
      ),
    ).toEqual(new Map());
  });

  it('finds an Application whose path or values the check never rendered', () => {
    const problems = applicationSourceProblems(
      [
        appOfApps(application('deploy/gateway', { name: 'gateway' })),
        rendered({ name: 'gateway' }),
      ],
      root,
    );
    expect(problems.get('argocd-root-app/strata-root')).toEqual([
      'Application gateway installs deploy/gateway into gateway with values no checked rendering used: the check never rendered what Argo CD would',
    ]);
    const drifted = applicationSourceProblems(
      [
        appOfApps(application('charts/platform-service', { name: 'gateway', port: 9090 })),
        rendered({ name: 'gateway', port: 8080 }),
      ],
      root,
    );
    expect(drifted.size).toBe(1);
  });
});

describe("applicationSourceProblems against the Application's AppProject", () => {
  const project: Manifest = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'strata', namespace: 'argocd' },
    spec: {
      sourceRepos: ['https://github.com/example-org/strata.git'],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'gateway' }],
      clusterResourceWhitelist: [],
      namespaceResourceBlacklist: [{ group: 'networking.k8s.io', kind: 'NetworkPolicy' }],
    },
  };
  const inProject = (values: Record<string, unknown>): Manifest => {
    const app = application('charts/platform-service', values);
    return { ...app, spec: { ...(app.spec as object), project: 'strata' } };
  };
  const rendering = (objects: Manifest[]): CheckedSource => ({
    ...rendered({ name: 'gateway' }),
    objects,
  });

  it('passes objects the project permits, and finds what Argo CD would refuse to sync', () => {
    const service: Manifest = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'gateway' } };
    const policy: Manifest = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'open' },
    };
    const role: Manifest = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'wide' },
    };
    const check = (objects: Manifest[]) =>
      applicationSourceProblems(
        [
          {
            ...appOfApps(inProject({ name: 'gateway' })),
            objects: [inProject({ name: 'gateway' }), project],
          },
          rendering(objects),
        ],
        root,
      );
    expect(check([service])).toEqual(new Map());
    expect(check([service, policy, role]).get('argocd-root-app/strata-root')).toEqual([
      'Application gateway: NetworkPolicy/open is a kind its project blacklists',
      'Application gateway: ClusterRole/wide is cluster-scoped, which its project does not whitelist',
    ]);
  });
});
