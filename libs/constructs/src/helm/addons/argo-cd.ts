import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { AddonProps } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources, ResourcesOnly } from '../resources';
import {
  ComponentSwitch,
  MaxUnavailableBudget,
  mergeValues,
  MinAvailableBudget,
  OptionalProbe,
} from '../values';
import { IstioCniAddon, IstiodAddon } from './istio';

/**
 * Argo CD sign-in through the organisation's OpenID Connect provider. The client secret is
 * not here: it reaches Argo CD as a Kubernetes Secret (see ARGO_CD_OIDC_SECRET).
 */
export interface ArgoCdSsoSettings {
  /** OIDC issuer, e.g. `https://login.example.com`. */
  readonly issuerUrl: string;
  /** The OIDC client's ID. */
  readonly clientId: string;
  /** IdP groups (the `groups` claim) that get Argo CD's admin role. */
  readonly adminGroups: readonly string[];
  /** IdP groups that get the read-only role. */
  readonly readOnlyGroups: readonly string[];
}

/** The upstream chart this add-on installs, pinned to one version. */
export const ARGO_CD_CHART: RepositoryChart = {
  chart: 'argo-cd',
  repository: 'https://argoproj.github.io/argo-helm',
  version: '8.6.4',
};
/** The namespace `argocd`, where the argo-cd release runs. */
export const ARGO_CD_NAMESPACE = 'argocd';

/** Object names follow Argo CD's own manifests (`argocd-server`, ...), not the release name. */
const FULLNAME = 'argocd';

/** The API and UI Service; TLS ends at the mesh gateway, the hop to it is mesh mTLS. */
export const ARGO_CD_SERVER = {
  /** The Service's name. */
  service: `${FULLNAME}-server`,
  /** Its plain-HTTP port (inside the mesh). */
  httpPort: 80,
} as const;

/**
 * The Secret Argo CD reads the OIDC client secret from (`$<secret>:<key>` in oidc.config); it
 * must carry Argo CD's part-of label to be readable. external-secrets writes it.
 */
export const ARGO_CD_OIDC_SECRET = {
  /** The Secret's name. */
  name: 'argocd-oidc',
  /** Its key holding the client secret. */
  key: 'clientSecret',
} as const;

type Settings = Readonly<Record<string, string | boolean>>;

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface ArgoCdValues {
  /** The prefix of every object's name (`argocd`, as Argo CD's own manifests name them). */
  readonly fullnameOverride: string;
  /** Settings of every component. */
  readonly global: {
    /** The host name Argo CD is reached at. */
    readonly domain: string;
    /** The priority class of its pods. */
    readonly priorityClassName: string;
  };
  /** Argo CD's configuration maps. */
  readonly configs: {
    /** `argocd-cmd-params-cm`: the components' command-line parameters. */
    readonly params: Settings;
    /** `argocd-cm`: Argo CD's settings (URL, OIDC, ...). */
    readonly cm: Settings;
    /** `argocd-rbac-cm`: who may do what. */
    readonly rbac: Settings;
  };
  /** The single Redis (off where redis-ha runs). */
  readonly redis: OptionalProbe & {
    /** Whether it runs. */
    readonly enabled: boolean;
    /** Its resources. */
    readonly resources: ContainerResources;
  };
  /** The job that generates Redis's password before any pod starts. */
  readonly redisSecretInit: ResourcesOnly;
  /** Redis with Sentinel and HAProxy, for high availability. */
  readonly 'redis-ha': {
    /** Whether it runs (highly available environments). */
    readonly enabled: boolean;
    /** Extra labels of the redis pods (the chart sets only `app` and `release`). */
    readonly labels: Readonly<Record<string, string>>;
    /** The Redis containers. */
    readonly redis: ResourcesOnly;
    /** The Sentinel containers. */
    readonly sentinel: ResourcesOnly;
    /** The init containers that write the Redis configuration. */
    readonly init: ResourcesOnly;
    /** The split-brain detection sidecars. */
    readonly splitBrainDetection: ResourcesOnly;
    /** The Redis pods' disruption budget. */
    readonly podDisruptionBudget: MaxUnavailableBudget;
    /** HAProxy, which sends clients to the Redis master. */
    readonly haproxy: {
      /** Its resources. */
      readonly resources: ContainerResources;
      /** Its init container. */
      readonly init: ResourcesOnly;
      /** Its disruption budget. */
      readonly podDisruptionBudget: MaxUnavailableBudget;
    };
  };
  /** The application controller, which reconciles applications. */
  readonly controller: {
    /** Its replicas (shards). */
    readonly replicas: number;
    /** Its resources. */
    readonly resources: ContainerResources;
  };
  /** The API server and UI. */
  readonly server: {
    /** Its replicas. */
    readonly replicas: number;
    /** Its resources. */
    readonly resources: ContainerResources;
    /** Its disruption budget. */
    readonly pdb: MinAvailableBudget;
  };
  /** The repository server, which renders manifests from Git. */
  readonly repoServer: {
    /** Its replicas. */
    readonly replicas: number;
    /** Its resources. */
    readonly resources: ContainerResources;
    /** The init container that copies Argo CD's binary for plugins. */
    readonly copyutil: ResourcesOnly;
    /** Its disruption budget. */
    readonly pdb: MinAvailableBudget;
  };
  /** The ApplicationSet controller. */
  readonly applicationSet: OptionalProbe & {
    /** Its replicas. */
    readonly replicas: number;
    /** Its resources. */
    readonly resources: ContainerResources;
    /** Its disruption budget. */
    readonly pdb: MinAvailableBudget;
  };
  /** The notifications controller. */
  readonly notifications: OptionalProbe & ResourcesOnly;
  /** Dex, off: Argo CD talks to the identity provider itself. */
  readonly dex: ComponentSwitch;
}

/** argocd-cm `oidc.config`: Argo CD talks to the IdP itself (no Dex in between). */
export function argoCdOidcConfig(sso: ArgoCdSsoSettings): string {
  return stringify({
    name: 'SSO',
    issuer: sso.issuerUrl,
    clientID: sso.clientId,
    clientSecret: `$${ARGO_CD_OIDC_SECRET.name}:${ARGO_CD_OIDC_SECRET.key}`,
    requestedScopes: ['openid', 'profile', 'email', 'groups'],
    requestedIDTokenClaims: { groups: { essential: true } },
  });
}

/** argocd-rbac-cm `policy.csv`: IdP groups to Argo CD's built-in roles; everyone else gets nothing. */
export function argoCdRbacPolicy(sso: ArgoCdSsoSettings | undefined): string {
  if (!sso) return '';
  return [
    ...sso.adminGroups.map((group) => `g, ${group}, role:admin`),
    ...sso.readOnlyGroups.map((group) => `g, ${group}, role:readonly`),
  ]
    .map((line) => `${line}\n`)
    .join('');
}

/** HA (redis-ha, 2+ replicas of every stateless part) in production; one of each elsewhere. */
export function argoCdDefaults(
  host: string,
  highAvailability: boolean,
  sso: ArgoCdSsoSettings | undefined,
): ArgoCdValues {
  const replicas = highAvailability ? 2 : 1;
  const pdb = { enabled: highAvailability, minAvailable: 1 };
  return {
    fullnameOverride: FULLNAME,
    global: { domain: host, priorityClassName: 'system-cluster-critical' },
    configs: {
      // TLS terminates at the mesh gateway; the server itself stays in the mesh (mTLS).
      params: { 'server.insecure': true, 'application.namespaces': ARGO_CD_NAMESPACE },
      cm: {
        // No local admin: people sign in through SSO; break-glass is the cluster admin role
        // through the Kubernetes API (`argocd --core`, README).
        'admin.enabled': false,
        'users.anonymous.enabled': false,
        'exec.enabled': false,
        'timeout.reconciliation': '180s',
        ...(sso ? { 'oidc.config': argoCdOidcConfig(sso) } : {}),
      },
      rbac: {
        'policy.default': '',
        'policy.csv': argoCdRbacPolicy(sso),
        scopes: '[groups]',
      },
    },
    redis: {
      enabled: !highAvailability,
      resources: containerResources('50m', '64Mi'),
      readinessProbe: { enabled: true },
    },
    redisSecretInit: { resources: containerResources('10m', '32Mi') },
    'redis-ha': {
      enabled: highAvailability,
      // The admission policies require every pod to say what it is.
      labels: { 'app.kubernetes.io/name': 'redis-ha' },
      redis: { resources: containerResources('100m', '256Mi') },
      sentinel: { resources: containerResources('25m', '64Mi') },
      init: { resources: containerResources('10m', '32Mi') },
      splitBrainDetection: { resources: containerResources('10m', '32Mi') },
      podDisruptionBudget: { maxUnavailable: 1 },
      haproxy: {
        resources: containerResources('50m', '64Mi'),
        init: { resources: containerResources('10m', '32Mi') },
        podDisruptionBudget: { maxUnavailable: 1 },
      },
    },
    // One controller: it shards by replica and needs sharding configured for more.
    controller: {
      replicas: 1,
      resources: highAvailability
        ? containerResources('500m', '1Gi')
        : containerResources('250m', '512Mi'),
    },
    server: { replicas, resources: containerResources('50m', '128Mi'), pdb },
    repoServer: {
      replicas,
      resources: containerResources('100m', '256Mi'),
      copyutil: { resources: containerResources('10m', '32Mi') },
      pdb,
    },
    applicationSet: {
      replicas,
      resources: containerResources('50m', '128Mi'),
      pdb,
      readinessProbe: { enabled: true },
    },
    notifications: {
      resources: containerResources('25m', '64Mi'),
      readinessProbe: { enabled: true },
    },
    dex: { enabled: false },
  };
}

/** Properties of {@link ArgoCdAddon}. */
export interface ArgoCdProps extends AddonProps<ArgoCdValues> {
  /** Host name of this region's Argo CD (the front door routes it). */
  readonly host: string;
  /** @default no SSO */
  readonly sso?: ArgoCdSsoSettings;
}

/** Argo CD: GitOps for the platform components (see ArgoCdRootAppAddon for what it syncs). */
export class ArgoCdAddon extends HelmAddon<ArgoCdValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'argo-cd';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [
      { path: ['configs', 'cm'], reason: "argocd-cm keys: Argo CD's own settings, passed through" },
      { path: ['configs', 'params'], reason: 'argocd-cmd-params-cm keys, passed through' },
      { path: ['configs', 'rbac'], reason: 'argocd-rbac-cm keys, passed through' },
    ],
    kubeScoreIgnores: {
      'statefulset-has-servicename':
        'the application controller is addressed by shard number, not by DNS; the chart gives it no headless Service',
      'service-targets-pod':
        "redis-ha's announce Services select their pod by the StatefulSet pod name, set at run time",
    },
    ephemeralState: {
      'argo-cd-redis-ha-server':
        "Argo CD's cache of manifests and app state; the controller rebuilds it from Git and the cluster",
      'argocd-application-controller':
        'a StatefulSet only for its shard number; it keeps no state and reconciles from Git and the cluster',
    },
    runtimeSecrets: {
      'argocd-redis':
        "the chart's redis-secret-init Job (a pre-install hook) generates the Redis password before any pod starts",
    },
  };

  constructor(scope: Construct, id: string, props: ArgoCdProps) {
    super(scope, id, {
      addonName: ArgoCdAddon.ADDON_NAME,
      namespace: ARGO_CD_NAMESPACE,
      chart: ARGO_CD_CHART,
      values: mergeValues(
        argoCdDefaults(props.host, props.context.highAvailability, props.sso),
        props.values,
      ),
      dependencies: [
        {
          addon: IstiodAddon.ADDON_NAME,
          reason: 'its namespace is in the mesh: every pod, hooks included, is injected',
        },
        {
          addon: IstioCniAddon.ADDON_NAME,
          reason: 'injected pods pass Pod Security only without the NET_ADMIN init container',
        },
      ],
      context: props.context,
    });
  }
}
