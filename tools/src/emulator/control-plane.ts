import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CLUSTER_READER_GROUP } from '@strata/constructs/kubernetes';
import type { ControlPlaneBinaries } from '../validate/toolchain';
import { stopChild, tieToProcess, waitUntilReady } from './process-ties';
import { KubeAccess, kubeCreate, kubeList, kubeRequest, KubeObject } from './kube-api';
import { freePort } from '../free-port';

/** A node KWOK plays: it reports Ready and runs the pods scheduled to it (no containers). */
export interface FakeNode {
  readonly name: string;
  /** `topology.kubernetes.io/zone`, so zone spreads and anti-affinity see real choices. */
  readonly zone: string;
  readonly instanceType: string;
  /** Further labels and taints, e.g. a managed node group's. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: ReadonlyArray<{ key: string; value?: string; effect: string }>;
}

export interface ControlPlaneOptions {
  readonly binaries: ControlPlaneBinaries;
  /** etcd data, certificates, kubeconfigs and one log per component. */
  readonly workDir: string;
  readonly nodes: readonly FakeNode[];
}

/** What KWOK's nodes advertise: room for every add-on the platform schedules. */
const NODE_CAPACITY = { cpu: '16', memory: '64Gi', pods: '110', 'ephemeral-storage': '100Gi' };
/** The annotation KWOK is told to manage nodes by; nodes without it are left alone. */
const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
const SERVICE_CIDR = '10.96.0.0/16';
const POD_CIDR = '10.244.0.1/16';
const READY_TIMEOUT_MS = 90_000;

/**
 * Admission the API server runs without: both call webhook servers, which need their
 * containers, and KWOK runs none (tools/src/emulator/gaps.json lists each webhook the
 * releases register). Pod Security, ValidatingAdmissionPolicy and CRD validation stay on.
 */
export const DISABLED_ADMISSION = ['MutatingAdmissionWebhook', 'ValidatingAdmissionWebhook'];

/**
 * A real Kubernetes control plane on loopback, owned by this process: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler at the toolchain's release, and KWOK for nodes
 * and pod lifecycle. Started fresh in an empty directory and stopped on stop(), on exit and
 * on SIGINT/SIGTERM, so no run leaves a process behind.
 */
export class ControlPlane {
  private readonly children: Array<{ name: string; child: ChildProcess }> = [];
  private stopped = false;
  private readonly untie: () => void;

  /** The API server's CA, read once the server has written its self-signed certificate. */
  private caPem = '';

  private constructor(
    private readonly server: string,
    private readonly token: string,
    private readonly viewerToken: string,
    /** A kubeconfig with the administrator's token, for tools and people. */
    readonly kubeconfig: string,
    private readonly workDir: string,
  ) {
    this.untie = tieToProcess(
      () => this.children.forEach(({ child }) => child.kill('SIGKILL')),
      () => this.stop(),
    );
  }

  /** The administrator's access: a cluster administrator, like the GitHub apply role. */
  get access(): KubeAccess {
    return { server: this.server, caPem: this.caPem, token: this.token };
  }

  /**
   * The plan role's access: the `view` ClusterRole, the Kubernetes counterpart of the EKS access
   * policy the plan role gets (AmazonEKSViewPolicy), and CLUSTER_READER_GROUP, which its access
   * entry adds. It reads no Secret.
   */
  get viewerAccess(): KubeAccess {
    return { server: this.server, caPem: this.caPem, token: this.viewerToken };
  }

  static async start(options: ControlPlaneOptions): Promise<ControlPlane> {
    const { binaries, workDir } = options;
    mkdirSync(join(workDir, 'pki'), { recursive: true });
    const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
    const server = `https://127.0.0.1:${apiPort}`;

    // The service account signing key pair; the API server makes its own serving certificate.
    const serviceAccountKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const saKey = join(workDir, 'pki', 'sa.key');
    const saPub = join(workDir, 'pki', 'sa.pub');
    writeFileSync(saKey, serviceAccountKey.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(saPub, serviceAccountKey.publicKey.export({ type: 'spki', format: 'pem' }));
    const tokens = {
      admin: randomBytes(24).toString('hex'),
      controllerManager: randomBytes(24).toString('hex'),
      scheduler: randomBytes(24).toString('hex'),
      viewer: randomBytes(24).toString('hex'),
    };
    // Static tokens: the flow's user is a cluster administrator, as the GitHub apply role is
    // through its EKS access entry; the controllers authenticate as their own RBAC users.
    writeFileSync(
      join(workDir, 'pki', 'tokens.csv'),
      [
        `${tokens.admin},${ADMIN_USER},${ADMIN_USER},"system:masters"`,
        `${tokens.controllerManager},system:kube-controller-manager,kube-controller-manager`,
        `${tokens.scheduler},system:kube-scheduler,kube-scheduler`,
        // In the group the plan role's access entry adds (eks-cluster.ts), as on EKS.
        `${tokens.viewer},${VIEWER_USER},${VIEWER_USER},"${CLUSTER_READER_GROUP}"`,
      ].join('\n') + '\n',
    );

    const plane = new ControlPlane(
      server,
      tokens.admin,
      tokens.viewer,
      join(workDir, 'admin.kubeconfig'),
      workDir,
    );
    try {
      plane.spawn('etcd', binaries.etcd, [
        '--name=strata-local',
        `--data-dir=${join(workDir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=strata-local=http://127.0.0.1:${etcdPeer}`,
        // Scratch data, discarded with the run: durability buys nothing here.
        '--unsafe-no-fsync',
      ]);
      const certDir = join(workDir, 'pki');
      plane.spawn('kube-apiserver', binaries.kubeApiserver, [
        `--etcd-servers=http://127.0.0.1:${etcdClient}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        `--secure-port=${apiPort}`,
        `--cert-dir=${certDir}`,
        `--service-cluster-ip-range=${SERVICE_CIDR}`,
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
        `--service-account-key-file=${saPub}`,
        `--service-account-signing-key-file=${saKey}`,
        `--token-auth-file=${join(certDir, 'tokens.csv')}`,
        '--authorization-mode=RBAC',
        // EKS runs privileged system pods (CNI, node exporters); Pod Security decides per namespace.
        '--allow-privileged=true',
        `--disable-admission-plugins=${DISABLED_ADMISSION.join(',')}`,
        '--profiling=false',
        // Every write of the flow's user is recorded: what the providers applied and deleted.
        `--audit-policy-file=${writeAuditPolicy(workDir)}`,
        `--audit-log-path=${join(workDir, AUDIT_LOG)}`,
      ]);
      // The self-signed serving certificate (with its CA) appears once the server starts.
      const caFile = join(certDir, 'apiserver.crt');
      await plane.waitFor('kube-apiserver certificate', async () => existsSync(caFile));
      plane.caPem = readFileSync(caFile, 'utf8');
      const access = plane.access;
      await plane.waitFor('kube-apiserver /readyz', async () => {
        const response = await kubeRequest(access, 'GET', '/readyz').catch(() => undefined);
        return response?.status === 200;
      });

      await kubeCreate(access, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: `${VIEWER_USER}-view` },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: VIEWER_USER }],
      });

      const kubeconfigFor = (name: string, token: string) => {
        const file = join(workDir, `${name}.kubeconfig`);
        writeFileSync(file, kubeconfig(server, caFile, name, token));
        return file;
      };
      writeFileSync(plane.kubeconfig, kubeconfig(server, caFile, ADMIN_USER, tokens.admin));
      plane.spawn('kube-controller-manager', binaries.kubeControllerManager, [
        `--kubeconfig=${kubeconfigFor('kube-controller-manager', tokens.controllerManager)}`,
        `--service-account-private-key-file=${saKey}`,
        `--root-ca-file=${caFile}`,
        // Each controller acts as its own service account, with its own RBAC role, as on EKS.
        '--use-service-account-credentials=true',
        '--leader-elect=false',
        '--secure-port=0',
        // Nodes are KWOK's: no cloud provider, no node CIDR allocation.
        '--controllers=*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller',
      ]);
      plane.spawn('kube-scheduler', binaries.kubeScheduler, [
        `--kubeconfig=${kubeconfigFor('kube-scheduler', tokens.scheduler)}`,
        '--leader-elect=false',
        '--secure-port=0',
      ]);
      plane.spawn('kwok', binaries.kwok, [
        `--kubeconfig=${plane.kubeconfig}`,
        `--config=${binaries.kwokStages}`,
        '--node-lease-duration-seconds=40',
        '--manage-all-nodes=false',
        `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
        `--cidr=${POD_CIDR}`,
        '--node-ip=127.0.0.1',
        '--server-address=',
      ]);
      for (const node of options.nodes) await kubeCreate(access, '/api/v1/nodes', nodeObject(node));
      await plane.waitFor('KWOK nodes Ready', async () => {
        const nodes = await kubeList<NodeObject>(access, '/api/v1/nodes');
        return (
          nodes.length === options.nodes.length &&
          nodes.every((node) =>
            (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
          )
        );
      });
      // The service account controller has run once `default` has its account.
      await plane.waitFor('the default service account', async () => {
        const response = await kubeRequest(
          access,
          'GET',
          '/api/v1/namespaces/default/serviceaccounts/default',
        );
        return response.status === 200;
      });
      return plane;
    } catch (error) {
      await plane.stop();
      throw error;
    }
  }

  private spawn(name: string, binary: string, args: readonly string[]): void {
    const log = openSync(join(this.workDir, `${name}.log`), 'w');
    const child = spawn(binary, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    this.children.push({ name, child });
  }

  private waitFor(what: string, ready: () => Promise<boolean>): Promise<void> {
    return waitUntilReady('the control plane', what, ready, {
      timeoutMs: READY_TIMEOUT_MS,
      exited: () => {
        const exited = this.children.find(({ child }) => child.exitCode !== null);
        return (
          exited &&
          `${exited.name} exited (code ${exited.child.exitCode}):\n${this.logTail(exited.name)}\n`
        );
      },
    });
  }

  /** The API server's record of the administrator's writes, in order. */
  auditEvents(): AuditEvent[] {
    const file = join(this.workDir, AUDIT_LOG);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditEvent);
  }

  /** The last lines of one component's log, for failure reports. */
  logTail(name: string, lines = 15): string {
    const file = join(this.workDir, `${name}.log`);
    if (!existsSync(file)) return '';
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Stops every component, the API server's clients first and etcd last. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.untie();
    for (const { child } of [...this.children].reverse()) await stopChild(child);
  }
}

/** One write as the API server's audit log records it (level Metadata). */
export interface AuditEvent {
  readonly verb: string;
  readonly user: { readonly username: string };
  readonly objectRef?: {
    readonly resource: string;
    readonly namespace?: string;
    readonly name?: string;
    readonly apiGroup?: string;
    readonly subresource?: string;
  };
  readonly responseStatus?: { readonly code: number; readonly message?: string };
}

const AUDIT_LOG = 'audit.log';
const ADMIN_USER = 'strata-admin';
/** The plan role's stand-in: a user with the `view` ClusterRole and nothing else. */
const VIEWER_USER = 'strata-plan';

function writeAuditPolicy(workDir: string): string {
  const file = join(workDir, 'audit-policy.yaml');
  writeFileSync(
    file,
    stringify({
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      omitStages: ['RequestReceived'],
      rules: [
        { level: 'Metadata', users: [ADMIN_USER], verbs: ['create', 'update', 'patch', 'delete'] },
        { level: 'None' },
      ],
    }),
  );
  return file;
}

interface NodeObject extends KubeObject {
  readonly status?: { readonly conditions?: ReadonlyArray<{ type: string; status: string }> };
}

function nodeObject(node: FakeNode): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake' },
      labels: {
        ...node.labels,
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/zone': node.zone,
        'node.kubernetes.io/instance-type': node.instanceType,
      },
    },
    spec: node.taints && node.taints.length > 0 ? { taints: node.taints } : {},
    status: { allocatable: NODE_CAPACITY, capacity: NODE_CAPACITY },
  };
}

function kubeconfig(server: string, caFile: string, user: string, token: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'strata-local', cluster: { server, 'certificate-authority': caFile } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'strata-local', context: { cluster: 'strata-local', user } }],
    'current-context': 'strata-local',
  });
}
