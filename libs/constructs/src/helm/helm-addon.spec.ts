import { PLATFORM_COMPONENTS } from '../vocabulary/platform-components';
import { DataTerraformRemoteStateLocal, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { parse } from 'yaml';
import { resourcesOfType, synthesizeStack } from '../testing/synth-json';
import { workloadRole } from '../eks/workload-role';
import { AddonContext, workloadIdentityOf } from './addon-context';
import {
  AdmissionPoliciesAddon,
  ArgoCdAddon,
  ArgoCdRootAppAddon,
  ArgoRolloutsAddon,
  AwsLoadBalancerControllerAddon,
  CertManagerAddon,
  ExternalDnsAddon,
  ExternalSecretsAddon,
  FluentBitAddon,
  FrontDoorAddon,
  GatewayApiCrdsAddon,
  HelmAddon,
  IstioBaseAddon,
  IstioCniAddon,
  IstiodAddon,
  IstioGatewayAddon,
  KarpenterAddon,
  KarpenterCrdAddon,
  KarpenterNodePoolsAddon,
  KedaAddon,
  KubePrometheusStackAddon,
  MeshPoliciesAddon,
  SPOT_TAINT,
  MetricsServerAddon,
  OtelCollectorAddon,
  PlatformBaselineAddon,
  PlatformSecretsAddon,
  QueueScalingAddon,
  VaultAddon,
  VeleroAddon,
  VaultSnapshotsAddon,
  VAULT_SNAPSHOT_ACCESS,
  VerticalPodAutoscalerAddon,
  mergeValues,
  platformEgress,
  renderValues,
} from '.';
import { gatewayApiManifestFixture } from '../testing/gateway-api-fixture';
import { exportedAddonNames, exportedAddons } from '../testing/addon-names';
import { ADDON_CHECK_RULES } from './addon-check-rules';
import { PLATFORM_QUEUES } from '../vocabulary/platform-queues';
import { NODE_POOL_DEFAULTS } from '../vocabulary/node-pool-defaults';

const KPS_PROPS = {
  retentionDays: 30,
  storageGib: 200,
  storageClassName: 'gp3-encrypted',
  alertRoutes: [
    {
      receiver: 'oncall',
      matchers: ['severity="critical"'],
      webhookUrl: 'https://x.example.com/h',
    },
  ],
};

function setup(highAvailability = true) {
  const stack = new TerraformStack(Testing.app(), 'addons');
  const awsProvider = new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const helmProvider = new HelmProvider(stack, 'helm', {});
  const context: AddonContext = {
    helmProvider,
    awsProvider,
    clusterName: 'strata-prod-use1',
    kubernetesVersion: '1.34',
    release: {
      vpcCni: 'v1.20.4-eksbuild.1',
      coreDns: 'v1.12.3-eksbuild.1',
      kubeProxy: 'v1.34.0-eksbuild.2',
      ebsCsiDriver: 'v1.48.0-eksbuild.1',
      podIdentityAgent: 'v1.3.8-eksbuild.2',
    },
    accountId: '333333333333',
    region: 'us-east-1',
    vpcId: 'vpc-123',
    oidc: {
      providerArn: 'arn:aws:iam::333333333333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X',
      issuerUrl: 'https://oidc.eks.us-east-1.amazonaws.com/id/X',
    },
    highAvailability,
    prerequisites: [],
  };
  return { stack, context };
}

interface PolicyJson {
  Statement: Array<{ Sid?: string; Resource?: string | string[] }>;
}

function releases(stack: TerraformStack) {
  return resourcesOfType(synthesizeStack(stack), 'helm_release');
}

function releaseNamed(
  stack: TerraformStack,
  name: string,
): Record<string, unknown> & { parsedValues: Record<string, unknown> } {
  const release = Object.values(releases(stack)).find((r) => r.name === name);
  if (!release) throw new Error(`no release ${name}`);
  return {
    ...release,
    parsedValues: parse((release.values as string[])[0]) as Record<string, unknown>,
  };
}

describe('mergeValues', () => {
  it('merges objects key by key and replaces arrays', () => {
    const merged = mergeValues(
      { a: { b: 1, c: 2 }, list: [1, 2], keep: 'x' },
      { a: { c: 3 }, list: [9] },
    );
    expect(merged).toEqual({ a: { b: 1, c: 3 }, list: [9], keep: 'x' });
  });
});

describe('renderValues', () => {
  it("escapes literal template markers Terraform would evaluate, keeping cdktf's references", () => {
    const { stack } = setup();
    const reference = new DataTerraformRemoteStateLocal(stack, 'r', { path: 'x' }).getString('a');
    const rendered = renderValues({
      endpoint: '${env:MY_POD_IP}:4317',
      directive: '%{ if x }',
      ref: reference,
    });
    expect(rendered).toContain('endpoint: $${env:MY_POD_IP}:4317');
    expect(rendered).toContain('%%{ if x }');
    expect(rendered).toContain(`ref: ${reference}`);
  });
});

describe('HelmAddon', () => {
  it('pins every chart version and renders typed values to YAML', () => {
    const { stack, context } = setup();
    new ExternalSecretsAddon(stack, 'external-secrets', {
      context,
      roleName: 'eso',
      secretArns: [],
    });
    new KubePrometheusStackAddon(stack, 'kps', { context, ...KPS_PROPS });
    new CertManagerAddon(stack, 'cert-manager', { context, values: { replicaCount: 5 } });
    const release = releaseNamed(stack, 'cert-manager');
    expect(release.version).toBe('v1.19.1');
    expect(release.repository).toBe('https://charts.jetstack.io');
    expect(release.atomic).toBe(true);
    expect(release.parsedValues).toMatchObject({
      replicaCount: 5,
      crds: { enabled: true, keep: true },
    });
  });

  it('fails at synth, naming both add-ons and the reason, when a dependency is missing', () => {
    const { stack, context } = setup();
    expect(() => new IstiodAddon(stack, 'istiod', { context })).toThrow(
      /Add-on "istiod" needs "istio-base" \(it installs the Istio CRDs\).*add "istio-base" before "istiod"/,
    );
  });

  it('refuses Argo CD without the mesh it is injected into', () => {
    const { stack, context } = setup();
    expect(
      () => new ArgoCdAddon(stack, 'argo-cd', { context, host: 'argocd.example.com' }),
    ).toThrow(
      /Add-on "argo-cd" needs "istiod" \(its namespace is in the mesh: every pod, hooks included, is injected\)[\s\S]*needs "istio-cni"/,
    );
  });

  it("needs another add-on only for what its values use: cert-manager's ServiceMonitor", () => {
    const alone = setup();
    new CertManagerAddon(alone.stack, 'cert-manager', {
      context: alone.context,
      values: { prometheus: { servicemonitor: { enabled: false } } },
    });
    expect(releaseNamed(alone.stack, 'cert-manager').depends_on).toEqual([]);
    const monitored = setup();
    expect(() => new CertManagerAddon(monitored.stack, 'cert-manager', monitored)).toThrow(
      /Add-on "cert-manager" needs "kube-prometheus-stack" \(its ServiceMonitor/,
    );
  });

  it("needs another add-on only for what its values use: external-dns's Gateway API sources", () => {
    const alone = setup();
    new ExternalDnsAddon(alone.stack, 'external-dns', {
      context: alone.context,
      roleName: 'dns',
      domain: 'apps.example.com',
      hostedZoneIds: ['Z1TEAM', 'Z2TEAM'],
      values: { sources: ['service'] },
    });
    const json = synthesizeStack(alone.stack);
    const change = Object.values(resourcesOfType(json, 'aws_iam_role_policy'))
      .flatMap((policy) => (JSON.parse(String(policy.policy)) as PolicyJson).Statement)
      .find((statement) => statement.Sid === 'ChangeRecords');
    // Scoped to the zones given, not every zone in the account.
    expect(change?.Resource).toEqual([
      expect.stringMatching(/:route53:::hostedzone\/Z1TEAM$/),
      expect.stringMatching(/:route53:::hostedzone\/Z2TEAM$/),
    ]);
    const routes = setup();
    expect(
      () =>
        new ExternalDnsAddon(routes.stack, 'external-dns', {
          context: routes.context,
          roleName: 'dns',
          domain: 'apps.example.com',
        }),
    ).toThrow(/needs "gateway-api-crds" \(it watches Gateways and HTTPRoutes\)/);
  });

  it('refuses the same add-on twice', () => {
    const { stack, context } = setup();
    new MetricsServerAddon(stack, 'a', { context });
    expect(() => new MetricsServerAddon(stack, 'b', { context })).toThrow(/added twice/);
  });

  it('makes a release depend on the releases it needs', () => {
    const { stack, context } = setup();
    new GatewayApiCrdsAddon(stack, 'gateway-api', {
      context,
      manifestFile: gatewayApiManifestFixture(),
    });
    new IstioBaseAddon(stack, 'istio-base', { context });
    new IstioCniAddon(stack, 'istio-cni', { context });
    new IstiodAddon(stack, 'istiod', { context });
    const istiod = releaseNamed(stack, 'istiod');
    expect(istiod.depends_on).toEqual(
      expect.arrayContaining([expect.stringMatching(/^helm_release\.istio-base/)]),
    );
  });
});

/** Installs every add-on in dependency order, as the addons stack does (a test holds it complete). */
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:333333333333:secret:db-AbCdEf';

/** How the tests install each add-on the library exports, by its release name, in an order that works. */
const INSTALLERS: ReadonlyArray<
  readonly [string, (stack: TerraformStack, context: AddonContext) => void]
> = [
  [
    AdmissionPoliciesAddon.ADDON_NAME,
    (stack, context) => {
      new AdmissionPoliciesAddon(stack, 'admission-policies', { context });
    },
  ],
  [
    GatewayApiCrdsAddon.ADDON_NAME,
    (stack, context) => {
      new GatewayApiCrdsAddon(stack, 'gateway-api', {
        context,
        manifestFile: gatewayApiManifestFixture(),
      });
    },
  ],
  [
    ExternalSecretsAddon.ADDON_NAME,
    (stack, context) => {
      new ExternalSecretsAddon(stack, 'external-secrets', {
        context,
        roleName: 'eso',
        secretArns: [SECRET_ARN],
      });
    },
  ],
  [
    KubePrometheusStackAddon.ADDON_NAME,
    (stack, context) => {
      new KubePrometheusStackAddon(stack, 'kps', { context, ...KPS_PROPS });
    },
  ],
  [
    CertManagerAddon.ADDON_NAME,
    (stack, context) => {
      new CertManagerAddon(stack, 'cert-manager', { context });
    },
  ],
  [
    MetricsServerAddon.ADDON_NAME,
    (stack, context) => {
      new MetricsServerAddon(stack, 'metrics-server', { context });
    },
  ],
  [
    KarpenterCrdAddon.ADDON_NAME,
    (stack, context) => {
      new KarpenterCrdAddon(stack, 'karpenter-crd', { context });
    },
  ],
  [
    KarpenterAddon.ADDON_NAME,
    (stack, context) => {
      new KarpenterAddon(stack, 'karpenter', {
        context,
        interruptionQueueName: 'strata-karpenter',
      });
    },
  ],
  [
    KarpenterNodePoolsAddon.ADDON_NAME,
    (stack, context) => {
      new KarpenterNodePoolsAddon(stack, 'karpenter-node-pools', {
        context,
        nodeRoleName: 'strata-karpenter-node',
        volumeKmsKeyArn: 'arn:aws:kms:us-east-1:333333333333:key/volumes',
        nodePools: [],
      });
    },
  ],
  [
    AwsLoadBalancerControllerAddon.ADDON_NAME,
    (stack, context) => {
      new AwsLoadBalancerControllerAddon(stack, 'lbc', { context, roleName: 'lbc' });
    },
  ],
  [
    ExternalDnsAddon.ADDON_NAME,
    (stack, context) => {
      new ExternalDnsAddon(stack, 'external-dns', {
        context,
        roleName: 'dns',
        domain: 'us-east-1.api.example.com',
      });
    },
  ],
  [
    IstioBaseAddon.ADDON_NAME,
    (stack, context) => {
      new IstioBaseAddon(stack, 'istio-base', { context });
    },
  ],
  [
    IstioCniAddon.ADDON_NAME,
    (stack, context) => {
      new IstioCniAddon(stack, 'istio-cni', { context });
    },
  ],
  [
    PlatformBaselineAddon.ADDON_NAME,
    (stack, context) => {
      new PlatformBaselineAddon(stack, 'platform-baseline', {
        context,
        environmentName: 'prod',
        dataSubnetCidrs: ['10.0.192.0/22'],
      });
    },
  ],
  [
    PlatformSecretsAddon.ADDON_NAME,
    (stack, context) => {
      new PlatformSecretsAddon(stack, 'platform-secrets', {
        context,
        secrets: [
          { name: 'db', namespace: 'registry', remoteKey: SECRET_ARN, format: 'json', labels: {} },
        ],
      });
    },
  ],
  [
    VerticalPodAutoscalerAddon.ADDON_NAME,
    (stack, context) => {
      new VerticalPodAutoscalerAddon(stack, 'vertical-pod-autoscaler', { context });
    },
  ],
  [
    ArgoRolloutsAddon.ADDON_NAME,
    (stack, context) => {
      new ArgoRolloutsAddon(stack, 'argo-rollouts', { context });
    },
  ],
  [
    FluentBitAddon.ADDON_NAME,
    (stack, context) => {
      new FluentBitAddon(stack, 'fluent-bit', {
        context,
        roleName: 'fluent-bit',
        routes: [{ namespace: 'gateway', logGroupName: '/strata/prod/gateway' }],
      });
    },
  ],
  [
    KedaAddon.ADDON_NAME,
    (stack, context) => {
      new KedaAddon(stack, 'keda', {
        context,
        roleName: 'keda',
        queueArns: ['arn:aws:sqs:us-east-1:333333333333:strata-prod-use1-jobs'],
      });
    },
  ],
  [
    QueueScalingAddon.ADDON_NAME,
    (stack, context) => {
      new QueueScalingAddon(stack, 'queue-scaling', {
        context,
        queueUrls: PLATFORM_QUEUES.map((queue) => `https://sqs.example/${queue.name}`),
      });
    },
  ],
  [
    IstiodAddon.ADDON_NAME,
    (stack, context) => {
      new IstiodAddon(stack, 'istiod', { context });
    },
  ],
  [
    IstioGatewayAddon.ADDON_NAME,
    (stack, context) => {
      new IstioGatewayAddon(stack, 'istio-gateway', { context });
    },
  ],
  [
    MeshPoliciesAddon.ADDON_NAME,
    (stack, context) => {
      new MeshPoliciesAddon(stack, 'mesh-policies', {
        context,
        egress: platformEgress({
          gitopsRepoUrl: 'git@github.com:example-org/strata.git',
          identityProviderUrl: 'https://login.example.com',
          dataSubnetCidrs: ['10.0.192.0/22'],
          dataStoresHost: 'data-stores.strata-prod-use1.internal',
        }),
      });
    },
  ],
  [
    FrontDoorAddon.ADDON_NAME,
    (stack, context) => {
      new FrontDoorAddon(stack, 'front-door', {
        context,
        healthCheckPath: '/healthz',
        hosts: {
          api: 'api.example.com',
          portal: 'portal.api.example.com',
          regional: 'us-east-1.api.example.com',
          argocd: 'argocd.us-east-1.api.example.com',
          grafana: 'grafana.us-east-1.api.example.com',
        },
      });
    },
  ],
  [
    OtelCollectorAddon.ADDON_NAME,
    (stack, context) => {
      new OtelCollectorAddon(stack, 'otel', { context, roleName: 'otel', sampleRate: 0.05 });
    },
  ],
  [
    VaultAddon.ADDON_NAME,
    (stack, context) => {
      new VaultAddon(stack, 'vault', {
        context,
        roleName: 'vault',
        unsealKeyAlias: 'vault-unseal',
        storageClassName: 'gp3-encrypted',
      });
    },
  ],
  [
    VaultSnapshotsAddon.ADDON_NAME,
    (stack, context) => {
      new VaultSnapshotsAddon(stack, 'vault-snapshots', {
        context,
        roleName: 'vault-snapshots',
        bucketName: 'strata-prod-use1-vault-snapshots',
        keyAlias: 'vault-snapshots',
        accessLogBucketName: 'strata-prod-use1-access-logs',
      });
    },
  ],
  [
    VeleroAddon.ADDON_NAME,
    (stack, context) => {
      new VeleroAddon(stack, 'velero', {
        context,
        roleName: 'velero',
        bucketName: 'strata-prod-use1-velero',
        keyAlias: 'velero',
        accessLogBucketName: 'strata-prod-use1-access-logs',
        volumeKmsKeyArn: 'arn:aws:kms:us-east-1:333333333333:key/volumes',
      });
    },
  ],
  [
    ArgoCdAddon.ADDON_NAME,
    (stack, context) => {
      new ArgoCdAddon(stack, 'argo-cd', { context, host: 'argocd.us-east-1.api.example.com' });
    },
  ],
  [
    ArgoCdRootAppAddon.ADDON_NAME,
    (stack, context) => {
      new ArgoCdRootAppAddon(stack, 'root', {
        context,
        environmentName: 'prod',
        repoUrl: 'https://github.com/example-org/strata.git',
        revision: 'release',
        prune: false,
      });
    },
  ],
];

function installAll(highAvailability: boolean) {
  const { stack, context } = setup(highAvailability);
  for (const [, install] of INSTALLERS) install(stack, context);
  return stack;
}

describe('the add-on set', () => {
  const prod = installAll(true);
  const dev = installAll(false);

  it('installs every add-on the library exports, each at the version its chart pins', () => {
    const installed = HelmAddon.installedIn(prod);
    expect([...installed.keys()].sort()).toEqual(exportedAddonNames().sort());
    for (const [name, addon] of installed) {
      expect([name, releaseNamed(prod, name).version]).toEqual([name, addon.chart.version]);
    }
  });

  it("hands every add-on's declared check rules to the chart check", () => {
    const declared = exportedAddons().filter((addon) => addon.checkRules);
    expect(declared.map(({ name }) => [name, ADDON_CHECK_RULES[name]])).toEqual(
      declared.map(({ name, checkRules }) => [name, checkRules]),
    );
  });

  it('leaves the CRDs to karpenter-crd, so an upgrade upgrades them', () => {
    expect(releaseNamed(prod, 'karpenter')).toMatchObject({
      skip_crds: true,
      parsedValues: {
        settings: { clusterName: 'strata-prod-use1', interruptionQueue: 'strata-karpenter' },
        replicas: 2,
      },
    });
    expect(releaseNamed(prod, 'karpenter-crd').skip_crds).toBeUndefined();
  });

  it('scales each queue worker of its component on its queue, by the URL in queue order', () => {
    const workers = (
      releaseNamed(prod, 'queue-scaling').parsedValues as {
        workers: Array<{ name: string; namespace: string; queueUrl: string }>;
      }
    ).workers;
    expect(workers.map((worker) => [worker.namespace, worker.name])).toEqual(
      PLATFORM_QUEUES.map((queue) => [queue.workers.component, `${queue.name}-worker`]),
    );
    expect(workers[2].queueUrl).toMatch(/element\(.*, 2\)/);
  });

  it('lets the Vault snapshot job only put snapshots, as the account Vault lets in', () => {
    const statements = Object.values(resourcesOfType(synthesizeStack(prod), 'aws_iam_role_policy'))
      .map(
        (policy) =>
          JSON.parse(policy.policy as string) as { Statement: Array<Record<string, unknown>> },
      )
      .flatMap((policy) => policy.Statement)
      .filter((statement) => statement.Sid === 'PutSnapshots');
    expect(statements).toEqual([
      {
        Sid: 'PutSnapshots',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: expect.stringMatching(/:s3:::strata-prod-use1-vault-snapshots\/raft\/\*$/),
      },
    ]);
    const association = Object.values(
      resourcesOfType(synthesizeStack(prod), 'aws_eks_pod_identity_association'),
    ).find((candidate) => candidate.service_account === VAULT_SNAPSHOT_ACCESS.serviceAccount);
    expect(association?.namespace).toBe(VAULT_SNAPSHOT_ACCESS.namespace);
    const values = releaseNamed(prod, 'vault-snapshots').parsedValues as {
      serviceAccount: { name: string };
      vault: { role: string; authPath: string; audience: string; image: string };
    };
    expect(values.serviceAccount.name).toBe(VAULT_SNAPSHOT_ACCESS.serviceAccount);
    expect(values.vault).toMatchObject({
      role: VAULT_SNAPSHOT_ACCESS.role,
      authPath: VAULT_SNAPSHOT_ACCESS.authPath,
      audience: VAULT_SNAPSHOT_ACCESS.audience,
    });
    // The CLI that takes the snapshot is the servers' own release.
    const server = (
      releaseNamed(prod, 'vault').parsedValues as {
        server: { image: { repository: string; tag: string } };
      }
    ).server.image;
    expect(values.vault.image).toBe(`${server.repository}:${server.tag}`);
  });

  it('lets KEDA only read the depth of the queues it is given', () => {
    const policy = Object.values(
      resourcesOfType(synthesizeStack(prod), 'aws_iam_role_policy'),
    ).find((p) => String(p.role).includes('keda-role')) as { policy: string };
    expect(JSON.parse(policy.policy).Statement).toEqual([
      {
        Sid: 'ReadQueueDepth',
        Effect: 'Allow',
        Action: 'sqs:GetQueueAttributes',
        Resource: ['arn:aws:sqs:us-east-1:333333333333:strata-prod-use1-jobs'],
      },
    ]);
  });

  it('refuses node pools before Karpenter serves their kinds', () => {
    const { stack, context } = setup();
    expect(
      () =>
        new KarpenterNodePoolsAddon(stack, 'pools', {
          context,
          nodeRoleName: 'node',
          volumeKmsKeyArn: 'key',
          nodePools: [],
        }),
    ).toThrow(/"karpenter-node-pools" needs "karpenter" \(NodePools and EC2NodeClasses/);
  });

  it('a node pool needs only a name and limits; the rest comes from NODE_POOL_DEFAULTS', () => {
    const { stack, context } = setup();
    new KarpenterCrdAddon(stack, 'karpenter-crd', { context });
    new KarpenterAddon(stack, 'karpenter', {
      context,
      interruptionQueueName: 'q',
      values: { serviceMonitor: { enabled: false } },
    });
    new KarpenterNodePoolsAddon(stack, 'pools', {
      context,
      nodeRoleName: 'node',
      volumeKmsKeyArn: 'key',
      nodePools: [
        { name: 'general', cpuLimit: 16, memoryLimitGib: 64 },
        {
          name: 'batch',
          cpuLimit: 8,
          memoryLimitGib: 32,
          capacityTypes: ['spot'],
          taints: [SPOT_TAINT],
        },
      ],
    });
    const values = parse(
      String((releaseNamed(stack, 'karpenter-node-pools').values as string[])[0]),
    ) as { nodePools: unknown[] };
    expect(values.nodePools).toEqual([
      { ...NODE_POOL_DEFAULTS, name: 'general', cpuLimit: 16, memoryLimitGib: 64 },
      {
        ...NODE_POOL_DEFAULTS,
        name: 'batch',
        cpuLimit: 8,
        memoryLimitGib: 32,
        capacityTypes: ['spot'],
        taints: [SPOT_TAINT],
      },
    ]);
  });

  it('refuses a Kubernetes version Istio does not support', () => {
    const { stack, context } = setup();
    expect(
      () =>
        new IstioBaseAddon(stack, 'istio-base', {
          context: { ...context, kubernetesVersion: '1.31' },
        }),
    ).toThrow('Istio 1.30.3 supports Kubernetes 1.32 to 1.36; the cluster runs 1.31');
  });

  it('external-secrets elects a leader (controller and cert controller) only when it runs replicas', () => {
    const prodValues = releaseNamed(prod, 'external-secrets').parsedValues;
    expect(prodValues).toMatchObject({
      replicaCount: 2,
      leaderElect: true,
      certController: { replicaCount: 2, extraArgs: { 'enable-leader-election': true } },
    });
    expect(releaseNamed(dev, 'external-secrets').parsedValues).toMatchObject({
      replicaCount: 1,
      leaderElect: false,
      certController: { replicaCount: 1, extraArgs: {} },
    });
  });

  it('the collector keeps every error trace and samples the rest at the configured rate', () => {
    const config = releaseNamed(prod, 'otel-collector').parsedValues.config as {
      processors: { tail_sampling: { policies: Array<Record<string, unknown>> } };
      exporters: Record<string, unknown>;
      service: { pipelines: { traces: { exporters: string[] } } };
    };
    expect(config.processors.tail_sampling.policies).toEqual([
      { name: 'errors', type: 'status_code', status_code: { status_codes: ['ERROR'] } },
      { name: 'sampled', type: 'probabilistic', probabilistic: { sampling_percentage: 5 } },
    ]);
    expect(config.service.pipelines.traces.exporters).toEqual(['awsxray']);
    expect(config.exporters.awsxray).toEqual({ region: 'us-east-1' });
  });

  it('Istio: CNI, access logs, tracing to the collector, and the gateway with no load balancer of its own', () => {
    const istiod = releaseNamed(prod, 'istiod').parsedValues as {
      cni: { enabled: boolean };
      meshConfig: {
        extensionProviders: Array<{ opentelemetry: { service: string; port: number } }>;
      };
    };
    expect(istiod.cni.enabled).toBe(true);
    expect(istiod.meshConfig).toMatchObject({ accessLogFile: '/dev/stdout', enableTracing: true });
    expect(istiod.meshConfig.extensionProviders[0].opentelemetry).toEqual({
      service: 'otel-collector.monitoring.svc.cluster.local',
      port: 4317,
    });
    const gateway = releaseNamed(prod, 'istio-ingressgateway').parsedValues as {
      service: { type: string; ports: Array<{ name: string; port: number; targetPort: number }> };
    };
    expect(gateway.service.type).toBe('ClusterIP');
    expect(gateway.service.ports.find((port) => port.name === 'https')).toMatchObject({
      port: 443,
      targetPort: 8443,
    });
  });

  it('mesh policies are STRICT mTLS, with every outside destination declared for who needs it', () => {
    const values = releaseNamed(prod, 'mesh-policies').parsedValues as {
      mtlsMode: string;
      egress: Array<{
        name: string;
        hosts: string[];
        ports: Array<{ number: number }>;
        exportTo: string[];
      }>;
    };
    expect(values.mtlsMode).toBe('STRICT');
    expect(
      values.egress.map((entry) => [
        entry.name,
        entry.hosts[0],
        entry.ports.map((port) => port.number),
        entry.exportTo,
      ]),
    ).toEqual([
      ['gitops-repository', 'github.com', [22], ['argocd']],
      ['identity-provider', 'login.example.com', [443], ['argocd']],
      ['aws-apis', '*.amazonaws.com', [443], [...PLATFORM_COMPONENTS]],
      [
        'data-stores',
        'data-stores.strata-prod-use1.internal',
        [5432, 6379, 9098, 9111],
        [...PLATFORM_COMPONENTS],
      ],
    ]);
  });

  it('Argo CD is HA in production only, and the root app points at charts/argocd-apps', () => {
    const argoProd = releaseNamed(prod, 'argo-cd').parsedValues;
    const argoDev = releaseNamed(dev, 'argo-cd').parsedValues;
    expect(argoProd).toMatchObject({ 'redis-ha': { enabled: true }, server: { replicas: 2 } });
    expect(argoDev).toMatchObject({ 'redis-ha': { enabled: false }, server: { replicas: 1 } });
    const root = releaseNamed(prod, 'argocd-root-app').parsedValues as {
      applications: Record<string, { source: { path: string; targetRevision: string } }>;
    };
    expect(root.applications['strata-root'].source).toMatchObject({
      path: 'charts/argocd-apps',
      targetRevision: 'release',
    });
  });

  it('kube-prometheus-stack: retention, storage, routes from config and the SLO rules', () => {
    const values = releaseNamed(prod, 'kube-prometheus-stack').parsedValues as {
      prometheus: { prometheusSpec: { retention: string; storageSpec: unknown } };
      alertmanager: {
        config: {
          route: { routes: Array<{ receiver: string }> };
          receivers: Array<{ name: string }>;
        };
      };
      additionalPrometheusRulesMap: Record<
        string,
        { groups: Array<{ rules: Array<{ alert: string }> }> }
      >;
    };
    expect(values.prometheus.prometheusSpec.retention).toBe('30d');
    expect(JSON.stringify(values.prometheus.prometheusSpec.storageSpec)).toContain('200Gi');
    expect(values.alertmanager.config.route.routes.map((r) => r.receiver)).toEqual(['oncall']);
    expect(values.alertmanager.config.receivers.map((r) => r.name)).toEqual(['null', 'oncall']);
    const alerts = values.additionalPrometheusRulesMap['strata-slo'].groups.flatMap((g) =>
      g.rules.map((r) => r.alert),
    );
    expect(alerts).toEqual(
      expect.arrayContaining([
        'StrataHighErrorRate',
        'StrataHighLatency',
        'StrataPodRestarting',
        'StrataNodeUnderPressure',
        'StrataCertificateExpiringSoon',
      ]),
    );
  });

  it('Vault: 3-node raft in production, KMS auto-unseal, TLS, audit storage and the injector', () => {
    const values = releaseNamed(prod, 'vault').parsedValues as {
      global: { tlsDisable: boolean };
      injector: { enabled: boolean };
      server: {
        ha: { replicas: number; raft: { enabled: boolean; config: string } };
        auditStorage: { enabled: boolean };
      };
    };
    expect(values.global.tlsDisable).toBe(false);
    expect(values.injector.enabled).toBe(true);
    expect(values.server.auditStorage.enabled).toBe(true);
    expect(values.server.ha.replicas).toBe(3);
    expect(values.server.ha.raft.enabled).toBe(true);
    expect(values.server.ha.raft.config).toMatch(/seal "awskms"/);
    expect(values.server.ha.raft.config.match(/retry_join/g)).toHaveLength(3);
    expect(values.server.ha.raft.config).toMatch(/tls_cert_file/);
    const devVault = releaseNamed(dev, 'vault').parsedValues as {
      server: { ha: { replicas: number } };
    };
    expect(devVault.server.ha.replicas).toBe(1);
  });

  it('each add-on role is bound by Pod Identity to its own service account, which its trust names', () => {
    const synthesized = synthesizeStack(prod);
    const roles = resourcesOfType(synthesized, 'aws_iam_role');
    const associations = Object.values(
      resourcesOfType(synthesized, 'aws_eks_pod_identity_association'),
    );
    const bound = associations.map((association) => {
      const roleId = /aws_iam_role\.([^.]+)\.arn/.exec(association.role_arn as string)?.[1] ?? '';
      const trust = JSON.parse(roles[roleId].assume_role_policy as string).Statement[0];
      expect(trust.Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
      expect(trust.Action).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(trust.Condition.StringEquals).toMatchObject({
        'aws:RequestTag/kubernetes-namespace': association.namespace,
        'aws:RequestTag/kubernetes-service-account': association.service_account,
        'aws:RequestTag/eks-cluster-arn': expect.stringContaining(':cluster/strata-prod-use1'),
      });
      return `${association.namespace}/${association.service_account}`;
    });
    expect(bound.sort()).toEqual([
      'external-dns/external-dns',
      'external-secrets/external-secrets',
      'keda/keda-operator',
      'kube-system/aws-load-balancer-controller',
      'logging/fluent-bit',
      'monitoring/otel-collector',
      'vault/vault',
      'vault/vault-snapshot',
      'velero/velero-server',
    ]);
    // No add-on role is left on IRSA, so the cluster needs no OIDC provider for them.
    expect(JSON.stringify(roles)).not.toContain('AssumeRoleWithWebIdentity');
  });

  it('an add-on that must use IRSA says so, and fails at synth without an OIDC provider', () => {
    const { stack, context } = setup();
    expect(() =>
      workloadRole(stack, 'legacy', {
        roleName: 'legacy',
        identity: { clusterName: context.clusterName },
        namespace: 'legacy',
        serviceAccount: 'legacy',
        irsaReason: 'its SDK predates the container credential provider',
      }),
    ).toThrow(
      'Role "legacy" for legacy/legacy needs IRSA (its SDK predates the container credential provider), but cluster strata-prod-use1 has no OIDC provider: set cluster.oidcProvider: true',
    );
    const { serviceAccountAnnotations } = workloadRole(stack, 'legacy-ok', {
      roleName: 'legacy-ok',
      identity: workloadIdentityOf(context),
      namespace: 'legacy',
      serviceAccount: 'legacy',
      irsaReason: 'its SDK predates the container credential provider',
    });
    expect(Object.keys(serviceAccountAnnotations)).toEqual(['eks.amazonaws.com/role-arn']);
  });

  it('Vault may use only its own unseal key', () => {
    const policies = Object.values(resourcesOfType(synthesizeStack(prod), 'aws_iam_role_policy'));
    const vault = policies.find((p) => (p.policy as string).includes('AutoUnseal'));
    const statement = JSON.parse(vault?.policy as string).Statement[0];
    expect(statement.Action).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey']);
    expect(statement.Resource).toMatch(/aws_kms_key\.vault-unseal-key/);
  });
});

/**
 * What each add-on names as needed when a stack has nothing else (each class gives the reason):
 * the whole graph, so a new requirement is a deliberate change here, not a surprise at synth.
 */
const NEEDS: Readonly<Record<string, readonly string[]>> = {
  'admission-policies': [],
  'gateway-api-crds': [],
  'external-secrets': [],
  'kube-prometheus-stack': ['external-secrets'],
  'cert-manager': ['kube-prometheus-stack'],
  'metrics-server': [],
  'karpenter-crd': [],
  karpenter: ['karpenter-crd', 'kube-prometheus-stack'],
  'karpenter-node-pools': ['karpenter'],
  'aws-load-balancer-controller': ['cert-manager'],
  'external-dns': ['gateway-api-crds'],
  'istio-base': [],
  'istio-cni': ['istio-base'],
  'platform-baseline': ['cert-manager', 'istio-cni'],
  'platform-secrets': ['external-secrets', 'platform-baseline'],
  'vertical-pod-autoscaler': ['cert-manager', 'platform-baseline'],
  'argo-rollouts': ['kube-prometheus-stack'],
  'fluent-bit': ['kube-prometheus-stack'],
  keda: [],
  'queue-scaling': ['keda', 'platform-baseline'],
  istiod: ['istio-base', 'istio-cni', 'gateway-api-crds'],
  'istio-ingressgateway': ['istiod', 'aws-load-balancer-controller'],
  'mesh-policies': ['istiod', 'platform-baseline'],
  'front-door': ['gateway-api-crds', 'istio-ingressgateway', 'cert-manager', 'platform-baseline'],
  'otel-collector': [],
  vault: ['cert-manager', 'platform-baseline'],
  'vault-snapshots': ['vault', 'kube-prometheus-stack'],
  velero: ['kube-prometheus-stack'],
  'argo-cd': ['istiod', 'istio-cni'],
  'argocd-root-app': ['argo-cd'],
};

/** An add-on's needs and theirs, all the way down. */
function closureOf(name: string, seen = new Set<string>()): Set<string> {
  for (const need of NEEDS[name] ?? []) {
    if (seen.has(need)) continue;
    seen.add(need);
    closureOf(need, seen);
  }
  return seen;
}

describe('each add-on on its own', () => {
  it('covers every add-on the library exports', () => {
    expect(Object.keys(NEEDS).sort()).toEqual(exportedAddonNames().sort());
    expect(INSTALLERS.map(([name]) => name).sort()).toEqual(exportedAddonNames().sort());
  });

  it.each(INSTALLERS.map(([name]) => name))(
    '%s: alone it names exactly what it needs; with that, and nothing else, it installs',
    (name) => {
      const install = INSTALLERS.find(([candidate]) => candidate === name)?.[1];
      if (!install) throw new Error(`no installer for ${name}`);
      const alone = setup(false);
      let named: string[] = [];
      try {
        install(alone.stack, alone.context);
      } catch (error) {
        named = [...(error as Error).message.matchAll(/needs "([^"]+)"/g)].map((match) => match[1]);
        if (named.length === 0) throw error;
      }
      expect(named).toEqual(NEEDS[name]);

      const closure = closureOf(name);
      const { stack, context } = setup(false);
      for (const [other, installOther] of INSTALLERS)
        if (closure.has(other)) installOther(stack, context);
      install(stack, context);
      expect(Object.keys(releases(stack)).length).toBe(closure.size + 1);
    },
  );
});
