import { Construct } from 'constructs';
import { AddonProps } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ChartLabels, DEFAULT_CHART_LABELS, mergeValues } from '../values';
import { ARGO_CD_NAMESPACE, ArgoCdAddon } from './argo-cd';
import { ArgoRolloutsAddon } from './argo-rollouts';
import { VerticalPodAutoscalerAddon } from './vertical-pod-autoscaler';
import { PlatformServiceValues } from '../platform-service';
import { PLATFORM_COMPONENTS, PlatformComponent } from './platform-components';

/** Argo's own chart for declaring Applications; it installs the one root Application. */
export const ARGOCD_APPS_CHART: RepositoryChart = {
  chart: 'argocd-apps',
  repository: 'https://argoproj.github.io/argo-helm',
  version: '2.0.2',
};

/** Path of the app-of-apps chart inside the GitOps repository. */
export const APP_OF_APPS_PATH = 'charts/argocd-apps';

/** One component's Application: a chart of this repository and the values it renders with. */
export interface ComponentApplication {
  /** The Application's name (the component's). */
  readonly name: string;
  /** The namespace it deploys into. */
  readonly namespace: string;
  /** Chart directory in the GitOps repository, e.g. `charts/platform-service`. */
  readonly path: string;
  /** The values the chart renders with. */
  readonly values: PlatformServiceValues;
}

/** Values of `charts/argocd-apps` (this repository), passed by the root Application. */
export interface AppOfAppsValues {
  /** The environment's name. */
  readonly environment: string;
  /** The AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** The GitOps repository's clone URL. */
  readonly repoUrl: string;
  /** The revision every Application syncs. */
  readonly revision: string;
  /** The Argo CD project the Applications belong to. */
  readonly project: {
    /** Its name. */
    readonly name: string;
    /** What it holds. */
    readonly description: string;
  };
  /** The components, for the project's allowed namespaces. */
  readonly components: readonly PlatformComponent[];
  /** One Application per component. */
  readonly applications: readonly ComponentApplication[];
  /** How the Applications sync. */
  readonly syncPolicy: {
    /** Delete what the repository no longer declares. */
    readonly prune: boolean;
    /** Undo changes made in the cluster by hand. */
    readonly selfHeal: boolean;
  };
  /** The platform's name as the chart spells it. @default DEFAULT_CHART_LABELS */
  readonly labels: ChartLabels;
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface ArgoCdRootAppValues {
  /** The Applications the `argocd-apps` chart renders, by name (the root one). */
  readonly applications: Readonly<
    Record<
      string,
      {
        /** Argo CD's namespace. */
        readonly namespace: string;
        /** The Argo CD project. */
        readonly project: string;
        /**
         * Finalizers (the resources finalizer: deleting the Application deletes what it deployed).
         */
        readonly finalizers: readonly string[];
        /** What it renders. */
        readonly source: {
          /** The GitOps repository. */
          readonly repoURL: string;
          /** The revision. */
          readonly targetRevision: string;
          /** The chart's path in the repository. */
          readonly path: string;
          /** Helm settings. */
          readonly helm: {
            /** The values the app-of-apps chart renders with. */
            readonly valuesObject: AppOfAppsValues;
          };
        };
        /** Where it deploys. */
        readonly destination: {
          /** The API server (the cluster Argo CD runs in). */
          readonly server: string;
          /** The namespace. */
          readonly namespace: string;
        };
        /** How it syncs. */
        readonly syncPolicy: {
          /** Automatic sync. */
          readonly automated: {
            /** Delete what the repository no longer declares. */
            readonly prune: boolean;
            /** Undo changes made in the cluster by hand. */
            readonly selfHeal: boolean;
          };
          /** Sync options (`CreateNamespace=true`, ...). */
          readonly syncOptions: readonly string[];
        };
      }
    >
  >;
}

/** The root Application's name: the app of apps, which renders one Application per component. */
export const ROOT_APPLICATION = 'strata-root';

/** Properties of {@link ArgoCdRootAppAddon}. */
export interface ArgoCdRootAppProps extends AddonProps<ArgoCdRootAppValues> {
  /** The environment's name. */
  readonly environmentName: string;
  /** The GitOps repository's clone URL. */
  readonly repoUrl: string;
  /** The revision Argo CD syncs (a branch, tag or commit). */
  readonly revision: string;
  /** Production syncs automatically but never prunes without a human; others prune too. */
  readonly prune: boolean;
  /**
   * The components this environment delivers, each from a chart of the GitOps repository.
   * @default none
   */
  readonly applications?: readonly ComponentApplication[];
  /** The platform's name as the chart spells it (and the AppProject's name). @default DEFAULT_CHART_LABELS */
  readonly labels?: ChartLabels;
}

/**
 * The app-of-apps root: one Argo CD Application pointing at `charts/argocd-apps` in the
 * GitOps repository, which in turn declares the AppProject and one Application per delivered
 * component (`charts/platform-service` with its generated values).
 */
export class ArgoCdRootAppAddon extends HelmAddon<ArgoCdRootAppValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'argocd-root-app';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [
      {
        path: ['applications'],
        reason: "Applications by name; each is checked against Argo CD's Application CRD",
      },
    ],
  };

  constructor(scope: Construct, id: string, props: ArgoCdRootAppProps) {
    const { context } = props;
    const labels = props.labels ?? DEFAULT_CHART_LABELS;
    const appOfApps: AppOfAppsValues = {
      labels,
      environment: props.environmentName,
      region: context.region,
      repoUrl: props.repoUrl,
      revision: props.revision,
      project: {
        name: labels.partOf,
        description: `${labels.partOf} platform components (${props.environmentName})`,
      },
      components: [...PLATFORM_COMPONENTS],
      applications: [...(props.applications ?? [])],
      syncPolicy: { prune: props.prune, selfHeal: true },
    };
    const defaults: ArgoCdRootAppValues = {
      applications: {
        [ROOT_APPLICATION]: {
          namespace: ARGO_CD_NAMESPACE,
          project: 'default',
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
          source: {
            repoURL: props.repoUrl,
            targetRevision: props.revision,
            path: APP_OF_APPS_PATH,
            helm: { valuesObject: appOfApps },
          },
          destination: { server: 'https://kubernetes.default.svc', namespace: ARGO_CD_NAMESPACE },
          syncPolicy: {
            automated: { prune: props.prune, selfHeal: true },
            syncOptions: ['ServerSideApply=true'],
          },
        },
      },
    };
    super(scope, id, {
      addonName: ArgoCdRootAppAddon.ADDON_NAME,
      namespace: ARGO_CD_NAMESPACE,
      chart: ARGOCD_APPS_CHART,
      values: mergeValues(defaults, props.values),
      dependencies: [
        {
          addon: ArgoCdAddon.ADDON_NAME,
          reason: 'it installs the Application CRD and the controller',
        },
        // The component chart's Rollout, AnalysisTemplate and VerticalPodAutoscaler kinds.
        ...((props.applications ?? []).length > 0
          ? [
              {
                addon: ArgoRolloutsAddon.ADDON_NAME,
                reason: "the components' Rollouts and AnalysisTemplates are its CRDs",
              },
              {
                addon: VerticalPodAutoscalerAddon.ADDON_NAME,
                reason: "the components' VerticalPodAutoscalers are its CRD",
              },
            ]
          : []),
      ],
      context,
    });
  }
}
