import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { workloadRole } from '../../eks/workload-role';
import { functionAssetDirectory } from '../../lambda/service-function';
import { arnOf } from '../../scope/aws-environment';
import { AddonProps, workloadIdentityOf } from '../addon-context';
import { AddonCheckRules } from '../check-rules';
import { HelmAddon, RepositoryChart } from '../helm-addon';
import { ContainerResources, containerResources } from '../resources';
import { ComponentSwitch, mergeValues } from '../values';
import { KubePrometheusStackAddon } from './kube-prometheus-stack';
import { ContainerSecurityContext } from '../security-context';

/** The upstream chart this add-on installs, pinned to one version. */
export const FLUENT_BIT_CHART: RepositoryChart = {
  chart: 'fluent-bit',
  repository: 'https://fluent.github.io/helm-charts',
  version: '0.58.1',
};

/** A node agent reading every node's container log files: its own namespace. */
export const FLUENT_BIT_NAMESPACE = 'logging';
/** The chart names its ServiceAccount after the release. */
export const FLUENT_BIT_SERVICE_ACCOUNT = 'fluent-bit';
/** Where each node keeps the agent's read positions, so a restart neither loses nor repeats lines. */
const STATE_DIR = '/var/fluent-bit/state';
/** Where the chart mounts the scripts of `luaScripts`. */
const LUA_SCRIPTS_DIR = '/fluent-bit/scripts';

/**
 * The redaction filter (`libs/constructs/assets/log-redaction/redact.lua`): personal data
 * (e-mail addresses, card numbers, social security numbers, bearer tokens and JWTs, IPv4
 * addresses) is replaced in every record before it leaves the node.
 */
export const LOG_REDACTION = {
  /** The script's name among the chart's `luaScripts` (and its file in the mount). */
  script: 'redact.lua',
  /** The function Fluent Bit calls for each record. */
  call: 'redact',
} as const;

/** The redaction script's source, as shipped with this package. */
export function logRedactionScript(): string {
  return readFileSync(
    join(functionAssetDirectory('log-redaction', LOG_REDACTION.script), LOG_REDACTION.script),
    'utf8',
  );
}

/** One namespace's container logs and the log group they go to. */
export interface LogRoute {
  /** The namespace (a component's). */
  readonly namespace: string;
  /** The log group it goes to. */
  readonly logGroupName: string;
}

interface HostPathVolume {
  /** The volume's name. */
  readonly name: string;
  /** The node path. */
  readonly hostPath: {
    /** The path on the node. */
    readonly path: string;
    /** What must be there (`Directory`, ...). */
    readonly type?: string;
  };
}

/** The values this add-on's release renders; `values` in its props overrides any of them. */
export interface FluentBitValues {
  /** `DaemonSet`: one collector per node. */
  readonly kind: 'DaemonSet';
  /** The chart's test pod (off). */
  readonly testFramework: ComponentSwitch;
  /** The priority class of the add-on's pods. */
  readonly priorityClassName: string;
  /** Each collector's resources. */
  readonly resources: ContainerResources;
  /** On every node, the tainted spot and system nodes too: their pods log as well. */
  readonly tolerations: ReadonlyArray<{
    /** `Exists` with no key: every taint is tolerated, so every node has a collector. */
    readonly operator: 'Exists';
  }>;
  /** The container's security context. */
  readonly securityContext: ContainerSecurityContext;
  /** The Prometheus Operator ServiceMonitor. */
  readonly serviceMonitor: ComponentSwitch;
  /** Node paths mounted (container logs, positions). */
  readonly daemonSetVolumes: readonly HostPathVolume[];
  /** Where they are mounted. */
  readonly daemonSetVolumeMounts: ReadonlyArray<{
    /** The volume. */
    readonly name: string;
    /** The path in the container. */
    readonly mountPath: string;
    /** Whether it is mounted read-only. */
    readonly readOnly: boolean;
  }>;
  /** Lua scripts the chart mounts for filters, by file name (the redaction script). */
  readonly luaScripts: Readonly<Record<string, string>>;
  /** Fluent Bit's configuration sections. */
  readonly config: {
    /** Where logs are read. */
    readonly inputs: string;
    /** How records are changed (Kubernetes metadata, then redaction). */
    readonly filters: string;
    /** Where they go (CloudWatch Logs). */
    readonly outputs: string;
  };
}

const section = (name: string, settings: ReadonlyArray<readonly [string, string]>) =>
  [`[${name}]`, ...settings.map(([key, value]) => `    ${key} ${value}`)].join('\n');

/** Tail, enrich and ship each namespace's container files under its own tag. */
export function fluentBitConfig(
  routes: readonly LogRoute[],
  region: string,
): FluentBitValues['config'] {
  const tag = (route: LogRoute) => `ns.${route.namespace}`;
  return {
    inputs: routes
      .map((route) =>
        section('INPUT', [
          ['Name', 'tail'],
          // The kubelet names each file <pod>_<namespace>_<container>-<id>.log.
          ['Path', `/var/log/containers/*_${route.namespace}_*.log`],
          ['multiline.parser', 'cri'],
          ['Tag', `${tag(route)}.*`],
          ['DB', `${STATE_DIR}/${route.namespace}.db`],
          ['Mem_Buf_Limit', '16MB'],
          ['Skip_Long_Lines', 'On'],
        ]),
      )
      .join('\n'),
    filters: routes
      .map((route) =>
        section('FILTER', [
          ['Name', 'kubernetes'],
          ['Match', `${tag(route)}.*`],
          ['Kube_Tag_Prefix', `${tag(route)}.var.log.containers.`],
          // JSON lines become fields (the trace id among them), searchable in Logs Insights.
          ['Merge_Log', 'On'],
          ['Keep_Log', 'Off'],
          ['Labels', 'On'],
          ['Annotations', 'Off'],
        ]),
      )
      // Redaction last: it sees the merged JSON fields, and nothing unredacted is shipped.
      .concat(
        routes.map((route) =>
          section('FILTER', [
            ['Name', 'lua'],
            ['Match', `${tag(route)}.*`],
            ['script', `${LUA_SCRIPTS_DIR}/${LOG_REDACTION.script}`],
            ['call', LOG_REDACTION.call],
          ]),
        ),
      )
      .join('\n'),
    outputs: routes
      .map((route) =>
        section('OUTPUT', [
          ['Name', 'cloudwatch_logs'],
          ['Match', `${tag(route)}.*`],
          ['region', region],
          ['log_group_name', route.logGroupName],
          ['log_stream_prefix', `${region}.`],
          // The group is Terraform's (KMS, retention): the agent only adds streams.
          ['auto_create_group', 'Off'],
          ['retry_limit', '5'],
        ]),
      )
      .join('\n'),
  };
}

/** Properties of {@link FluentBitAddon}. */
export interface FluentBitProps extends AddonProps<FluentBitValues> {
  /** IAM role name for the agent (Pod Identity). */
  readonly roleName: string;
  /** Which namespaces' logs go where; the role may write to exactly these groups. */
  readonly routes: readonly LogRoute[];
  /** What must exist first (the log groups, whose streams the agent adds). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Fluent Bit on every node: each listed namespace's container logs, enriched with their pod's
 * metadata and with personal data redacted (LOG_REDACTION), into its own encrypted CloudWatch
 * log group, through a Pod Identity role that may
 * add streams and events to those groups only.
 */
export class FluentBitAddon extends HelmAddon<FluentBitValues> {
  /** The add-on's name: its Helm release's name and what other add-ons depend on. */
  static readonly ADDON_NAME = 'fluent-bit';
  /** The exceptions the add-on check allows in this add-on's rendering, each with its reason. */
  static readonly CHECK_RULES: AddonCheckRules = {
    freeFormValues: [
      {
        path: ['luaScripts'],
        reason:
          'script files by name, mounted into the pod; the log redaction check runs the rendered one',
      },
    ],
  };

  constructor(scope: Construct, id: string, props: FluentBitProps) {
    const { context } = props;
    const { role } = workloadRole(scope, `${id}-role`, {
      provider: context.awsProvider,
      roleName: props.roleName,
      identity: workloadIdentityOf(context),
      namespace: FLUENT_BIT_NAMESPACE,
      serviceAccount: FLUENT_BIT_SERVICE_ACCOUNT,
      statements: [
        {
          Sid: 'ShipComponentLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: props.routes.map((route) =>
            arnOf(scope, {
              service: 'logs',
              region: context.region,
              account: context.accountId,
              resource: `log-group:${route.logGroupName}:*`,
            }),
          ),
        },
      ],
    });
    const defaults: FluentBitValues = {
      kind: 'DaemonSet',
      // The chart's test pod pulls an image from outside the platform's sources.
      testFramework: { enabled: false },
      priorityClassName: 'system-node-critical',
      resources: containerResources('50m', '64Mi', '256Mi'),
      tolerations: [{ operator: 'Exists' }],
      securityContext: {
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      },
      serviceMonitor: { enabled: true },
      // Container logs only (containerd keeps them under /var/log); read positions on the node.
      daemonSetVolumes: [
        { name: 'varlog', hostPath: { path: '/var/log' } },
        { name: 'state', hostPath: { path: STATE_DIR, type: 'DirectoryOrCreate' } },
      ],
      daemonSetVolumeMounts: [
        { name: 'varlog', mountPath: '/var/log', readOnly: true },
        { name: 'state', mountPath: STATE_DIR, readOnly: false },
      ],
      luaScripts: { [LOG_REDACTION.script]: logRedactionScript() },
      config: fluentBitConfig(props.routes, context.region),
    };
    super(scope, id, {
      addonName: FluentBitAddon.ADDON_NAME,
      namespace: FLUENT_BIT_NAMESPACE,
      chart: FLUENT_BIT_CHART,
      values: mergeValues(defaults, props.values),
      dependencies: [
        { addon: KubePrometheusStackAddon.ADDON_NAME, reason: 'its ServiceMonitor CRD' },
      ],
      context,
      dependsOn: [...role.resources, ...(props.dependsOn ?? [])],
    });
  }
}
