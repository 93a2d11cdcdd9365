import { COMPONENT_CATALOGUE, SYSTEM_NODE_IMAGE_REFRESH } from '@strata/constructs/vocabulary';
import { Testing } from 'cdktf';
import { parse } from 'yaml';
import { EnvironmentConfig, EnvironmentTier, eksRelease, exampleEnvironment } from '@strata/config';
import {
  CLUSTER_CONTRACT,
  onlyResource,
  policyOf,
  resourceList,
  resourcesOfType,
  synthesizeStack,
} from '@strata/core';
import { gatewayApiManifestFixture } from '@strata/constructs/testing';
import { AddonsStack } from './addons-stack';
import { ClusterStack } from './cluster-stack';

function synthCluster(environment: EnvironmentConfig, region = 'us-east-1') {
  return synthesizeStack(
    new ClusterStack(Testing.app(), `cluster-${environment.name}-${region}`, {
      environment,
      region,
    }),
  );
}

describe('ClusterStack', () => {
  const prod = exampleEnvironment();
  const json = synthCluster(prod);

  it('exports exactly the cluster contract', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual(
      Object.keys(CLUSTER_CONTRACT.outputs).sort(),
    );
  });

  it('keeps the API private, encrypts secrets with a CMK and ships every log type', () => {
    const cluster = onlyResource(json, 'aws_eks_cluster') as {
      version: string;
      vpc_config: { endpoint_private_access: boolean; endpoint_public_access: boolean };
      encryption_config: { resources: string[]; provider: { key_arn: string } };
      enabled_cluster_log_types: string[];
      access_config: {
        authentication_mode: string;
        bootstrap_cluster_creator_admin_permissions: boolean;
      };
    };
    expect(cluster.version).toBe(prod.cluster?.kubernetesVersion);
    expect(cluster.vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: false,
    });
    expect(cluster.encryption_config.resources).toEqual(['secrets']);
    expect(cluster.encryption_config.provider.key_arn).toMatch(/aws_kms_key/);
    expect(cluster.enabled_cluster_log_types.sort()).toEqual(
      ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].sort(),
    );
    expect(cluster.access_config).toEqual({
      authentication_mode: 'API',
      bootstrap_cluster_creator_admin_permissions: false,
    });
    const logGroup = resourceList(json, 'aws_cloudwatch_log_group').find(
      (group) => group.name === '/aws/eks/strata-prod-use1/cluster',
    );
    expect(logGroup).toMatchObject({ retention_in_days: 365 });
  });

  it('keeps long-term metrics two years in one KMS-encrypted workspace of the primary region', () => {
    const workspace = onlyResource(json, 'aws_prometheus_workspace');
    expect(workspace).toMatchObject({
      alias: 'strata-prod-use1-metrics',
      kms_key_arn: expect.stringContaining('aws_kms_key.metrics-key'),
      logging_configuration: {
        log_group_arn: expect.stringMatching(/aws_cloudwatch_log_group\..*\.arn\}:\*$/),
      },
    });
    expect(onlyResource(json, 'aws_prometheus_workspace_configuration')).toMatchObject({
      retention_period_in_days: 730,
    });
    const keyPolicy = policyOf(
      resourceList(json, 'aws_kms_key').find((key) =>
        String(key.description).startsWith('Long-term metrics'),
      ) as Record<string, unknown>,
    );
    expect(JSON.stringify(keyPolicy)).toContain('aps.us-east-1.amazonaws.com');
    // The secondary region writes to the primary's: it has none of its own.
    const secondary = synthCluster(prod, 'us-west-2');
    expect(resourceList(secondary, 'aws_prometheus_workspace')).toEqual([]);
    const development = exampleEnvironment({
      name: 'dev',
      tier: EnvironmentTier.DEVELOPMENT,
      regions: { secondary: null },
    });
    expect(resourceList(synthCluster(development), 'aws_prometheus_workspace')).toEqual([]);
  });

  it('opens a public endpoint only to the configured allow-list', () => {
    const withPublic = exampleEnvironment();
    const env = {
      ...withPublic,
      cluster: { ...withPublic.cluster!, publicAccessCidrs: ['203.0.113.0/24'] },
    };
    const cluster = onlyResource(synthCluster(env), 'aws_eks_cluster') as {
      vpc_config: { endpoint_public_access: boolean; public_access_cidrs: string[] };
    };
    expect(cluster.vpc_config.endpoint_public_access).toBe(true);
    expect(cluster.vpc_config.public_access_cidrs).toEqual(['203.0.113.0/24']);
  });

  it('runs one on-demand system node group on an IMDSv2-only, encrypted gp3 launch template', () => {
    const system = onlyResource(json, 'aws_eks_node_group') as {
      capacity_type: string;
      scaling_config: { min_size: number; max_size: number; desired_size: number };
    };
    expect(system.capacity_type).toBe('ON_DEMAND');
    expect(system.scaling_config).toEqual({ min_size: 3, max_size: 6, desired_size: 3 });
    for (const template of Object.values(resourcesOfType(json, 'aws_launch_template'))) {
      expect(template.metadata_options).toMatchObject({
        http_tokens: 'required',
        // Pods cannot reach the node's role: one hop (see ManagedNodeGroup).
        http_put_response_hop_limit: 1,
      });
      expect(template.block_device_mappings).toEqual([
        expect.objectContaining({
          ebs: expect.objectContaining({ volume_type: 'gp3', encrypted: 'true' }),
        }),
      ]);
    }
  });

  it("refreshes the system nodes' image weekly while Karpenter's follow the newest, and leaves a pinned image alone", () => {
    const system = onlyResource(json, 'aws_eks_node_group');
    // No release version: the refresh moves the group without Terraform seeing drift.
    expect(system.release_version).toBeUndefined();
    expect(onlyResource(json, 'aws_scheduler_schedule')).toMatchObject({
      schedule_expression: SYSTEM_NODE_IMAGE_REFRESH,
      schedule_expression_timezone: 'UTC',
      target: expect.objectContaining({
        arn: 'arn:aws:scheduler:::aws-sdk:eks:updateNodegroupVersion',
        input: expect.stringContaining('aws_eks_node_group.nodes-system_group'),
      }),
    });
    const weekly = synthCluster(
      exampleEnvironment({ cluster: { systemNodeImageRefresh: 'rate(1 day)' } }),
    );
    expect(onlyResource(weekly, 'aws_scheduler_schedule').schedule_expression).toBe('rate(1 day)');
    const pinned = synthCluster(exampleEnvironment({ cluster: { nodeImageVersion: 'v20251117' } }));
    expect(resourceList(pinned, 'aws_scheduler_schedule')).toHaveLength(0);
  });

  it('installs the managed add-ons at the pinned versions (Container Insights at EKS default), CoreDNS after the nodes', () => {
    const addons = Object.values(resourcesOfType(json, 'aws_eks_addon'));
    // The VPC CNI ignores every NetworkPolicy unless its policy agent is switched on.
    const cni = addons.find((a) => a.addon_name === 'vpc-cni') as { configuration_values: string };
    expect(JSON.parse(cni.configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    const pinned = eksRelease(prod.cluster!.kubernetesVersion);
    expect(Object.fromEntries(addons.map((a) => [a.addon_name, a.addon_version]))).toEqual({
      'vpc-cni': pinned.vpcCni,
      'kube-proxy': pinned.kubeProxy,
      'eks-pod-identity-agent': pinned.podIdentityAgent,
      coredns: pinned.coreDns,
      'aws-ebs-csi-driver': pinned.ebsCsiDriver,
      'amazon-cloudwatch-observability': expect.stringContaining(
        'data.aws_eks_addon_version.managed-addons_cloudwatch-observability-version',
      ),
    });
    const coredns = addons.find((a) => a.addon_name === 'coredns') as { depends_on: string[] };
    expect(coredns.depends_on.filter((d) => d.startsWith('aws_eks_node_group'))).toHaveLength(1);
  });

  it('gives AWS access through Pod Identity: the managed add-ons, Karpenter, and no OIDC provider', () => {
    expect(resourcesOfType(json, 'aws_iam_openid_connect_provider')).toEqual({});
    expect(json.output?.oidcProviderArn).toMatchObject({ value: '' });
    const addons = Object.values(resourcesOfType(json, 'aws_eks_addon'));
    const bound = Object.fromEntries(
      addons
        .filter((addon) => addon.pod_identity_association)
        .map((addon) => [
          addon.addon_name,
          (addon.pod_identity_association as Array<{ service_account: string }>)[0].service_account,
        ]),
    );
    expect(bound).toEqual({
      'vpc-cni': 'aws-node',
      'aws-ebs-csi-driver': 'ebs-csi-controller-sa',
      'amazon-cloudwatch-observability': 'cloudwatch-agent',
    });
    // Their credentials come from the agent, so they wait for it.
    for (const name of Object.keys(bound)) {
      const addon = addons.find((a) => a.addon_name === name) as { depends_on: string[] };
      expect(addon.depends_on).toContain(
        'aws_eks_addon.managed-addons_eks-pod-identity-agent_4AC1855A',
      );
    }
    expect(onlyResource(json, 'aws_eks_pod_identity_association')).toMatchObject({
      namespace: 'karpenter',
      service_account: 'karpenter',
      role_arn: expect.stringContaining('aws_iam_role.karpenter_controller-role'),
    });
    expect(JSON.stringify(resourcesOfType(json, 'aws_iam_role'))).not.toContain(
      'AssumeRoleWithWebIdentity',
    );
  });

  it('creates the OIDC provider when cluster.oidcProvider asks for IRSA', () => {
    const withIrsa = synthCluster({
      ...prod,
      cluster: { ...prod.cluster!, oidcProvider: true },
    });
    expect(Object.keys(resourcesOfType(withIrsa, 'aws_iam_openid_connect_provider'))).toHaveLength(
      1,
    );
  });

  it("grants the admin role cluster-admin and Karpenter's nodes EC2_LINUX through access entries", () => {
    const entries = Object.values(resourcesOfType(json, 'aws_eks_access_entry'));
    expect(entries.map((entry) => [entry.type, entry.principal_arn]).sort()).toEqual([
      ['EC2_LINUX', expect.stringContaining('aws_iam_role.karpenter_node-role')],
      ['STANDARD', 'arn:aws:iam::333333333333:role/platform-admin'],
      ['STANDARD', 'arn:aws:iam::333333333333:role/strata-prod-github-apply-cluster'],
      ['STANDARD', 'arn:aws:iam::333333333333:role/strata-prod-github-apply-edge'],
      ['STANDARD', 'arn:aws:iam::333333333333:role/strata-prod-github-plan'],
      ['STANDARD', 'arn:aws:iam::333333333333:role/strata-prod-operator'],
      ['STANDARD', 'arn:aws:iam::333333333333:role/strata-prod-viewer'],
    ]);
  });

  it('lets the apply roles of the layers with Kubernetes objects administer and the plan role only view the cluster', () => {
    const policies = Object.entries(resourcesOfType(json, 'aws_eks_access_policy_association'))
      .map(([, association]) => [
        String(association.principal_arn).replace(
          /^\$\{aws_eks_access_entry\.eks_([a-z]+)-\d+_.*$/,
          '$1',
        ),
        String(association.policy_arn).split('/').pop(),
      ])
      .sort();
    // The admin role, the cluster and edge apply roles and the operator; the plan role and the viewer.
    expect(policies).toEqual([
      ['admin', 'AmazonEKSClusterAdminPolicy'],
      ['admin', 'AmazonEKSClusterAdminPolicy'],
      ['admin', 'AmazonEKSClusterAdminPolicy'],
      ['admin', 'AmazonEKSClusterAdminPolicy'],
      ['view', 'AmazonEKSViewPolicy'],
      ['view', 'AmazonEKSViewPolicy'],
    ]);
  });

  it('puts the plan role in the group the addons stack lets read what its view policy does not, never a Secret', () => {
    const entries = Object.values(resourcesOfType(json, 'aws_eks_access_entry'));
    const plan = entries.find((entry) => String(entry.principal_arn).endsWith('github-plan'));
    const addons = synthAddons(exampleEnvironment());
    const [binding] = Object.values(resourcesOfType(addons, 'kubernetes_cluster_role_binding_v1'));
    const [role] = Object.values(resourcesOfType(addons, 'kubernetes_cluster_role_v1'));
    const subjects = binding.subject as Array<{ kind: string; name: string }>;
    expect(plan?.kubernetes_groups).toEqual(subjects.map((subject) => subject.name));
    expect(subjects.map((subject) => subject.kind)).toEqual(['Group']);
    // Bound to the role the stack makes, by reference.
    expect((binding.role_ref as { name: string }).name).toMatch(
      /^\$\{kubernetes_cluster_role_v1\.cluster-readers_role_[^.]+\.metadata\[0\]\.name\}$/,
    );
    const rules = role.rule as Array<{
      api_groups: string[];
      resources: string[];
      verbs: string[];
    }>;
    for (const rule of rules) {
      expect(rule.api_groups).not.toContain('');
      expect(rule.api_groups).not.toContain('*');
      expect(rule.resources).not.toContain('*');
      expect(rule.verbs.every((verb) => ['get', 'list', 'watch'].includes(verb))).toBe(true);
    }
    // The viewer reads the same; the admin entries need no group: their policy admits everything.
    const viewer = entries.find((entry) => String(entry.principal_arn).endsWith('-viewer'));
    expect(viewer?.kubernetes_groups).toEqual(plan?.kubernetes_groups);
    expect(
      entries
        .filter((entry) => entry !== plan && entry !== viewer)
        .every((entry) => !entry.kubernetes_groups),
    ).toBe(true);
  });

  it('gives a delivery role no access where no repository delivers the environment', () => {
    const json = synthCluster(exampleEnvironment({ delivery: { githubRepository: null } }));
    const principals = Object.values(resourcesOfType(json, 'aws_eks_access_entry')).map(
      (entry) => entry.principal_arn,
    );
    expect(principals.filter((arn) => String(arn).includes('github'))).toEqual([]);
  });
});

function synthAddons(environment: EnvironmentConfig, region = 'us-east-1') {
  return synthesizeStack(
    new AddonsStack(Testing.app(), `addons-${environment.name}-${region}`, {
      environment,
      region,
      gatewayApiManifest: gatewayApiManifestFixture(),
    }),
  );
}

function releaseValues(json: ReturnType<typeof synthesizeStack>, name: string) {
  const release = Object.values(resourcesOfType(json, 'helm_release')).find((r) => r.name === name);
  if (!release) throw new Error(`no release ${name}`);
  return parse((release.values as string[])[0]) as Record<string, unknown>;
}

describe('ClusterStack Karpenter', () => {
  const json = synthCluster(exampleEnvironment());
  const controller = Object.values(resourcesOfType(json, 'aws_iam_role_policy')).find((policy) =>
    String(policy.role).includes('karpenter_controller-role'),
  ) as { policy: string };
  const statements = JSON.parse(controller.policy).Statement as Array<{
    Sid: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
  }>;
  const bySid = (sid: string) => statements.find((statement) => statement.Sid === sid);
  // The cluster's name, as the cluster resource reports it (so these wait for the cluster).
  const clusterName = json.output?.clusterName?.value as string;

  it('lets the controller pass only its node role, and only to EC2', () => {
    expect(bySid('AllowPassingInstanceRole')).toMatchObject({
      Action: 'iam:PassRole',
      Resource: expect.stringContaining('aws_iam_role.karpenter_node-role'),
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    });
  });

  it('lets it terminate only instances this cluster owns and a NodePool launched', () => {
    expect(bySid('AllowScopedDeletion')?.Condition).toEqual({
      StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: 'owned' },
      StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
    });
  });

  it('reads its interruption queue and decrypts it, launches volumes under the volume key', () => {
    expect(bySid('AllowInterruptionQueueActions')?.Resource).toContain(
      'aws_sqs_queue.karpenter_interruption_queue',
    );
    const kms = statements.filter((statement) => [statement.Action].flat().includes('kms:Decrypt'));
    expect(kms.map((statement) => statement.Resource).sort()).toEqual([
      expect.stringContaining('karpenter_interruption_key'),
      expect.stringContaining('volume-key'),
    ]);
    const volume = kms.find((statement) => String(statement.Resource).includes('volume-key'));
    expect(volume?.Action).toContain('kms:CreateGrant');
  });

  it('routes the four interruption events to an encrypted queue only those rules may write', () => {
    const rules = Object.values(resourcesOfType(json, 'aws_cloudwatch_event_rule'));
    expect(
      rules.map((rule) => JSON.parse(rule.event_pattern as string)['detail-type'][0]).sort(),
    ).toEqual([
      'AWS Health Event',
      'EC2 Instance Rebalance Recommendation',
      'EC2 Instance State-change Notification',
      'EC2 Spot Instance Interruption Warning',
    ]);
    const queue = onlyResource(json, 'aws_sqs_queue');
    expect(queue.kms_master_key_id).toContain('karpenter_interruption_key');
    const policy = JSON.parse(onlyResource(json, 'aws_sqs_queue_policy').policy as string);
    expect(policy.Statement[0].Condition.ArnEquals['aws:SourceArn']).toHaveLength(4);
  });

  it('tags the cluster security group for discovery, as the network layer tags the subnets', () => {
    expect(onlyResource(json, 'aws_ec2_tag')).toMatchObject({
      key: 'karpenter.sh/discovery',
      value: clusterName,
    });
    expect(clusterName).toContain('aws_eks_cluster.');
  });

  it('exports what the node pools need', () => {
    expect(json.output?.karpenterNodeRoleName?.value).toContain('karpenter_node-role');
    expect(json.output?.karpenterInterruptionQueueName?.value).toContain(
      'karpenter_interruption_queue',
    );
  });
});

describe('AddonsStack', () => {
  const prod = exampleEnvironment();
  const json = synthAddons(prod);

  it('exempts from the admission policies every namespace an EKS managed add-on runs in', () => {
    const cluster = synthCluster(prod);
    const roles = resourcesOfType(cluster, 'aws_iam_role');
    // A managed add-on's role trusts exactly the namespace it runs in (Pod Identity's session tag).
    const namespaces = Object.values(resourcesOfType(cluster, 'aws_eks_addon')).flatMap((addon) =>
      ((addon.pod_identity_association ?? []) as Array<{ role_arn: string }>).map((binding) => {
        const id = /aws_iam_role\.([^.]+)\.arn/.exec(binding.role_arn)?.[1] as string;
        const trust = JSON.parse(roles[id].assume_role_policy as string);
        return trust.Statement[0].Condition.StringEquals[
          'aws:RequestTag/kubernetes-namespace'
        ] as string;
      }),
    );
    expect(new Set(namespaces)).toEqual(new Set(['kube-system', 'amazon-cloudwatch']));
    const values = releaseValues(json, 'admission-policies') as { exemptNamespaces: string[] };
    expect(namespaces.filter((ns) => !values.exemptNamespaces.includes(ns))).toEqual([]);
  });

  it('reads the cluster, data and network contracts from their own state', () => {
    const remote = json.data?.terraform_remote_state as Record<string, { config: { key: string } }>;
    expect(
      Object.values(remote)
        .map((r) => r.config.key)
        .sort(),
    ).toEqual([
      'cluster/prod/us-east-1/terraform.tfstate',
      'data/prod/us-east-1/terraform.tfstate',
      'network/prod/us-east-1/terraform.tfstate',
    ]);
    expect((json.terraform as { backend: { s3: { key: string } } }).backend.s3.key).toBe(
      'cluster-addons/prod/us-east-1/terraform.tfstate',
    );
  });

  it('configures the helm and kubernetes providers with exec auth from the cluster contract', () => {
    const provider = json.provider as {
      helm: Array<{ kubernetes: { host: string; exec: { command: string; args: string[] } } }>;
    };
    expect(provider.helm[0].kubernetes.host).toMatch(
      /terraform_remote_state\.cluster\.outputs\.endpoint/,
    );
    expect(provider.helm[0].kubernetes.exec.command).toBe('aws');
    expect(provider.helm[0].kubernetes.exec.args).toEqual(
      expect.arrayContaining(['eks', 'get-token']),
    );
  });

  it('installs every release into kube-system or a namespace it created', () => {
    const created = Object.values(resourcesOfType(json, 'kubernetes_namespace_v1')).map(
      (namespace) => (namespace.metadata as { name: string }).name,
    );
    for (const release of Object.values(resourcesOfType(json, 'helm_release'))) {
      expect(['kube-system', ...created]).toContain(release.namespace);
    }
  });

  it('creates namespaces and the encrypted storage classes before any release', () => {
    const storageClasses = Object.values(
      resourcesOfType(json, 'kubernetes_storage_class_v1'),
    ) as Array<{
      metadata: { name: string; annotations?: Record<string, string> };
      parameters: Record<string, string>;
    }>;
    const byName = Object.fromEntries(
      storageClasses.map((storageClass) => [storageClass.metadata.name, storageClass]),
    );
    expect(Object.keys(byName).sort()).toEqual(['gp3-encrypted', 'gp3-encrypted-backed-up']);
    for (const storageClass of storageClasses) {
      expect(storageClass.parameters).toMatchObject({ type: 'gp3', encrypted: 'true' });
    }
    expect(byName['gp3-encrypted'].metadata.annotations).toEqual({
      'storageclass.kubernetes.io/is-default-class': 'true',
    });
    for (const release of Object.values(resourcesOfType(json, 'helm_release'))) {
      expect(release.depends_on).toEqual(
        expect.arrayContaining([expect.stringMatching(/^kubernetes_namespace_v1\./)]),
      );
    }
  });

  it("lets external-secrets read exactly the secrets it delivers: Argo CD's SSO client secret", () => {
    const role = Object.values(resourcesOfType(json, 'aws_iam_role')).find((r) =>
      (r.assume_role_policy as string).includes(
        '"aws:RequestTag/kubernetes-service-account":"external-secrets"',
      ),
    ) as { name: string };
    const policy = Object.values(resourcesOfType(json, 'aws_iam_role_policy')).find((p) =>
      (p.policy as string).includes('ReadPlatformSecrets'),
    ) as { policy: string };
    expect(role.name).toBe('strata-prod-use1-external-secrets');
    const statements = JSON.parse(policy.policy).Statement as Array<{
      Sid: string;
      Resource: string | string[];
      Condition?: Record<string, Record<string, string | string[]>>;
    }>;
    const read = statements.find((statement) => statement.Sid === 'ReadPlatformSecrets')!;
    const ssoSecrets = Object.values(resourcesOfType(json, 'aws_secretsmanager_secret')) as Array<{
      name: string;
    }>;
    expect(ssoSecrets.map((secret) => secret.name)).toEqual([
      'strata-prod-use1/argocd/oidc-client-secret',
      'strata-prod-use1/grafana/oidc-client-secret',
    ]);
    const ssoArn = (application: string) =>
      expect.stringMatching(
        new RegExp(
          `^\\$\\{aws_secretsmanager_secret\\.${application}-sso-secret[_0-9A-F]*\\.arn\\}$`,
        ),
      );
    // No database or cache secret: components log in to both with IAM tokens.
    expect(read.Resource).toEqual([ssoArn('argocd'), ssoArn('grafana')]);
    // Decryption only on behalf of Secrets Manager, for exactly those secrets.
    const decrypt = statements.find((statement) => statement.Sid === 'DecryptPlatformSecrets')!;
    expect(decrypt.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' },
      'ForAnyValue:StringEquals': { 'kms:EncryptionContext:SecretARN': read.Resource },
    });
    // And the ExternalSecrets ask for nothing else.
    const delivered = releaseValues(json, 'platform-secrets') as {
      secrets: Array<{ namespace: string; name: string; remoteKey: string }>;
    };
    expect([...new Set(delivered.secrets.map((secret) => secret.remoteKey))]).toEqual(
      read.Resource,
    );
    expect(delivered.secrets.map((secret) => `${secret.namespace}/${secret.name}`)).toEqual([
      'argocd/argocd-oidc',
      'monitoring/grafana-oidc',
    ]);
  });

  it('without SSO delivers no secret: no platform-secrets release, no external-secrets policy', () => {
    const base = exampleEnvironment();
    const settings = base.cluster!;
    const withoutSso = synthAddons({
      ...base,
      cluster: {
        ...settings,
        gitops: { ...settings.gitops, sso: undefined },
        monitoring: { ...settings.monitoring, sso: undefined },
      },
    });
    const releases = Object.values(resourcesOfType(withoutSso, 'helm_release')).map((r) => r.name);
    expect(releases).toContain('external-secrets');
    expect(releases).not.toContain('platform-secrets');
    const policies = Object.values(resourcesOfType(withoutSso, 'aws_iam_role_policy'));
    expect(policies.filter((p) => String(p.policy).includes('ReadPlatformSecrets'))).toEqual([]);
  });

  it('signs people in to Argo CD through SSO from config, with groups mapped to roles', () => {
    const values = releaseValues(json, 'argo-cd') as {
      global: { domain: string };
      configs: { cm: Record<string, string | boolean>; rbac: Record<string, string> };
    };
    expect(values.global.domain).toBe('argocd.us-east-1.api.strata.example.com');
    expect(values.configs.cm['admin.enabled']).toBe(false);
    const oidc = parse(values.configs.cm['oidc.config'] as string);
    expect(oidc).toMatchObject({
      issuer: prod.cluster!.gitops.sso!.issuerUrl,
      clientID: prod.cluster!.gitops.sso!.clientId,
      clientSecret: '$argocd-oidc:clientSecret',
    });
    expect(values.configs.rbac['policy.default']).toBe('');
    expect(values.configs.rbac['policy.csv']).toContain('g, platform-engineering, role:admin');
  });

  it('signs people in to Grafana through SSO from config, its client secret from the environment, at its routed host', () => {
    const sso = prod.cluster!.monitoring.sso!;
    const values = releaseValues(json, 'kube-prometheus-stack') as {
      grafana: {
        'grafana.ini': Record<string, Record<string, unknown>>;
        envValueFrom: Record<string, { secretKeyRef: { name: string; key: string } }>;
      };
    };
    const ini = values.grafana['grafana.ini'];
    expect(ini.server.root_url).toBe('https://grafana.us-east-1.api.strata.example.com/');
    expect(ini['auth.generic_oauth']).toMatchObject({
      enabled: true,
      client_id: sso.clientId,
      auth_url: sso.authorizationUrl,
      token_url: sso.tokenUrl,
      api_url: sso.userInfoUrl,
      role_attribute_strict: true,
    });
    expect(JSON.stringify(values)).not.toContain('client_secret');
    // external-secrets writes the Secret the variable reads, from the secret the stack creates.
    const delivered = releaseValues(json, 'platform-secrets') as {
      secrets: Array<{ namespace: string; name: string; valueKey?: string }>;
    };
    const { secretKeyRef } = values.grafana.envValueFrom.GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET;
    expect(delivered.secrets).toContainEqual(
      expect.objectContaining({
        namespace: 'monitoring',
        name: secretKeyRef.name,
        valueKey: secretKeyRef.key,
      }),
    );
  });

  it("routes the seeds' paths and hosts through the front door, on the port the edge uses", () => {
    const values = releaseValues(json, 'front-door') as {
      gateway: { port: number; serviceHost: string };
      routes: Array<{
        namespace: string;
        hostnames: string[];
        pathPrefix: string;
        service: string;
      }>;
    };
    expect(values.gateway).toMatchObject({
      port: 443,
      serviceHost: 'istio-ingressgateway.istio-ingress.svc.cluster.local',
    });
    const routes = values.routes.map(
      (route) => `${route.hostnames[0]}${route.pathPrefix} -> ${route.namespace}/${route.service}`,
    );
    // The seeds' paths and hosts (a component added to the catalogue adds its own routes).
    expect(routes).toEqual(
      expect.arrayContaining([
        'api.strata.example.com/api -> gateway/gateway',
        'api.strata.example.com/registry -> registry/registry',
        'api.strata.example.com/portal -> portal/portal',
        'portal.api.strata.example.com/ -> portal/portal',
        'argocd.us-east-1.api.strata.example.com/ -> argocd/argocd-server',
        'grafana.us-east-1.api.strata.example.com/ -> monitoring/kube-prometheus-stack-grafana',
      ]),
    );
    expect(routes).toHaveLength(
      Object.values(COMPONENT_CATALOGUE).flatMap((spec) => spec.routes ?? []).length + 2,
    );
  });

  it('installs no SSO secret when config has no SSO', () => {
    const noSso = exampleEnvironment();
    const env = {
      ...noSso,
      cluster: {
        ...noSso.cluster!,
        gitops: { ...noSso.cluster!.gitops, sso: undefined },
        monitoring: { ...noSso.cluster!.monitoring, sso: undefined },
      },
    };
    const withoutSso = synthAddons(env);
    expect(resourcesOfType(withoutSso, 'aws_secretsmanager_secret')).toEqual({});
    const argo = releaseValues(withoutSso, 'argo-cd') as {
      configs: { cm: Record<string, unknown> };
    };
    expect(argo.configs.cm['oidc.config']).toBeUndefined();
  });
});

describe('AddonsStack long-term metrics', () => {
  const prod = exampleEnvironment();
  type Values = {
    prometheus: {
      prometheusSpec: {
        remoteWrite: Array<{
          url: string;
          sigv4: { region: string };
          writeRelabelConfigs: Array<{ sourceLabels: string[]; regex: string; action: string }>;
        }>;
        externalLabels: Record<string, string>;
      };
    };
    grafana: {
      additionalDataSources: Array<{ url: string; jsonData: Record<string, unknown> }>;
      'grafana.ini': Record<string, Record<string, unknown>>;
    };
    additionalPrometheusRulesMap: Record<
      string,
      { groups: Array<{ interval?: string; rules: Array<{ record?: string }> }> }
    >;
  };

  it.each([
    ['us-east-1', 'cluster'],
    ['us-west-2', 'primary-cluster'],
  ])(
    '%s writes its 5-minute aggregates to the primary region’s workspace, signed for that region',
    (region, state) => {
      const json = synthAddons(prod, region);
      const values = releaseValues(json, 'kube-prometheus-stack') as unknown as Values;
      const [write] = values.prometheus.prometheusSpec.remoteWrite;
      expect(write.url).toBe(
        `\${data.terraform_remote_state.${state}.outputs.metricsRemoteWriteUrl}`,
      );
      expect(write.sigv4).toEqual({ region: 'us-east-1' });
      expect(values.prometheus.prometheusSpec.externalLabels.region).toBe(region);
      // Only the long-term aggregates leave the cluster, and each is recorded every 5 minutes.
      const keep = new RegExp(`^${write.writeRelabelConfigs[0].regex}$`);
      expect(write.writeRelabelConfigs[0]).toMatchObject({
        sourceLabels: ['__name__'],
        action: 'keep',
      });
      const groups = Object.values(values.additionalPrometheusRulesMap).flatMap(
        (map) => map.groups,
      );
      const kept = groups.flatMap((group) =>
        group.rules
          .filter((rule) => rule.record !== undefined && keep.test(rule.record))
          .map(() => group.interval),
      );
      expect(kept.length).toBeGreaterThanOrEqual(5);
      expect(new Set(kept)).toEqual(new Set(['5m']));
      // Grafana reads the same workspace, every region's series in one data source.
      const [source] = values.grafana.additionalDataSources;
      expect(source.url).toBe(`\${data.terraform_remote_state.${state}.outputs.metricsQueryUrl}`);
      expect(source.jsonData).toMatchObject({ sigV4Auth: true, sigV4Region: 'us-east-1' });
      expect(values.grafana['grafana.ini'].auth).toMatchObject({ sigv4_auth_enabled: true });
      // Prometheus may only write, Grafana only query, and only this workspace.
      const workspace = `\${data.terraform_remote_state.${state}.outputs.metricsWorkspaceArn}`;
      const statementsOf = (roleSuffix: string) =>
        Object.values(resourcesOfType(json, 'aws_iam_role_policy'))
          .filter((policy) => String(policy.role).includes(`${roleSuffix}-role`))
          .flatMap((policy) => policyOf(policy).Statement);
      expect(statementsOf('kube-prometheus-stack-prometheus')).toEqual([
        { Sid: 'RemoteWrite', Effect: 'Allow', Action: 'aps:RemoteWrite', Resource: workspace },
      ]);
      expect(statementsOf('kube-prometheus-stack-grafana')).toEqual([
        expect.objectContaining({ Sid: 'QueryLongTermMetrics', Resource: workspace }),
      ]);
    },
  );

  it('has no long-term store without retention (development)', () => {
    const development = exampleEnvironment({
      name: 'dev',
      tier: EnvironmentTier.DEVELOPMENT,
      regions: { secondary: null },
    });
    const values = releaseValues(synthAddons(development), 'kube-prometheus-stack') as unknown as {
      prometheus: { prometheusSpec: Record<string, unknown> };
    };
    expect(values.prometheus.prometheusSpec.remoteWrite).toBeUndefined();
  });
});
