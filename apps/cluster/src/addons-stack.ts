import { Construct } from 'constructs';
import { StorageClassV1 } from '@cdktf/provider-kubernetes/lib/storage-class-v1';
import {
  eksRelease,
  EnvironmentConfig,
  frontDoorHosts,
  regionIndexOf,
  requireClusterSettings,
  standardTags,
} from '@strata/config';
import {
  CLUSTER_CONTRACT,
  DATA_CONTRACT,
  LayerStack,
  NETWORK_CONTRACT,
  readLayerContract,
} from '@strata/core';
import { BACKUP_TAG, planSubnets } from '@strata/constructs';
import {
  catalogueEntries,
  componentLogGroupName,
  PLATFORM_COMPONENTS,
} from '@strata/constructs/vocabulary';
import {
  AddonContext,
  AdmissionPoliciesAddon,
  ARGO_CD_NAMESPACE,
  ARGO_CD_OIDC_SECRET,
  GRAFANA_OIDC_SECRET,
  MONITORING_NAMESPACE,
  ArgoCdAddon,
  ArgoCdRootAppAddon,
  ArgoRolloutsAddon,
  AwsLoadBalancerControllerAddon,
  CertManagerAddon,
  DeliveredSecret,
  ExternalDnsAddon,
  ExternalSecretsAddon,
  FluentBitAddon,
  FrontDoorAddon,
  GatewayApiCrdsAddon,
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
  MetricsServerAddon,
  OtelCollectorAddon,
  platformEgress,
  PlatformBaselineAddon,
  PlatformSecretsAddon,
  QueueScalingAddon,
  vaultCertificate,
  VaultAddon,
  VaultSnapshotsAddon,
  VeleroAddon,
  VerticalPodAutoscalerAddon,
} from '@strata/constructs/helm';
import { ClusterConnection, ClusterReaders } from '@strata/constructs/kubernetes';
import { AddonNamespaces } from './addon-namespaces';
import { nodePoolSpecs } from './node-pools';
import { OidcClientSecret } from './oidc-client-secret';
import { componentApplications } from './component-applications';
import { ComponentRoles } from './component-roles';
import { platformQueueArns } from './data-references';

export interface AddonsStackProps {
  readonly environment: EnvironmentConfig;
  readonly region: string;
  /** The Gateway API release manifest on disk (fetched once per synth by the app). */
  readonly gatewayApiManifest: string;
}

/** Default storage class: gp3, encrypted with the cluster's volume key. */
export const STORAGE_CLASS = 'gp3-encrypted';
/** Encrypted gp3 whose volumes AWS Backup selects (BACKUP_TAG): Vault's raft data. */
export const BACKED_UP_STORAGE_CLASS = 'gp3-encrypted-backed-up';

/**
 * Everything installed into one region's cluster, in dependency order. Separate state from
 * ClusterStack because the Kubernetes and Helm providers need the cluster's endpoint
 * before they can even be configured.
 */
export class AddonsStack extends LayerStack {
  constructor(scope: Construct, id: string, props: AddonsStackProps) {
    super(scope, id, {
      environment: props.environment,
      layer: 'cluster',
      region: props.region,
      stateName: 'cluster-addons',
    });
    const env = props.environment;
    const settings = requireClusterSettings(env);
    const read = { environment: env, scope: props.region };
    const cluster = readLayerContract(this, 'cluster', CLUSTER_CONTRACT, read);
    const network = readLayerContract(this, 'network', NETWORK_CONTRACT, read);
    // Where the components' stores are, and what their roles may reach.
    const data = readLayerContract(this, 'data', DATA_CONTRACT, read);
    const hosts = frontDoorHosts(env, props.region);
    const regionConfig = env.regions[regionIndexOf(env, props.region)];
    const dataSubnetCidrs = planSubnets(regionConfig.vpcCidr, env.network.azCount).data;

    const connection = new ClusterConnection(this, 'connection', {
      clusterName: cluster.clusterName,
      region: props.region,
      endpoint: cluster.endpoint,
      certificateAuthorityData: cluster.certificateAuthorityData,
    });
    const namespaces = new AddonNamespaces(this, 'namespaces', {
      provider: connection.kubernetesProvider,
    });
    // What the plan role reads beyond its view policy, so its plans refresh this stack.
    new ClusterReaders(this, 'cluster-readers', { provider: connection.kubernetesProvider });
    const volumeParameters = {
      type: 'gp3',
      encrypted: 'true',
      kmsKeyId: cluster.volumeKmsKeyArn,
    };
    const storageClass = new StorageClassV1(this, 'storage-class', {
      provider: connection.kubernetesProvider,
      metadata: {
        name: STORAGE_CLASS,
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      storageProvisioner: 'ebs.csi.aws.com',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: settings.storageReclaimPolicy,
      parameters: volumeParameters,
    });
    // Volumes of this class carry the AWS Backup selection tag: the data layer's backup plan
    // keeps them in its tiers and copies them to the other region (Vault's raft data).
    const backedUpStorageClass = new StorageClassV1(this, 'backed-up-storage-class', {
      provider: connection.kubernetesProvider,
      metadata: { name: BACKED_UP_STORAGE_CLASS },
      storageProvisioner: 'ebs.csi.aws.com',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      reclaimPolicy: settings.storageReclaimPolicy,
      // The EBS CSI driver tags each volume it creates with tagSpecification_<n> (key=value).
      parameters: {
        ...volumeParameters,
        tagSpecification_1: `${BACKUP_TAG.key}=${BACKUP_TAG.value}`,
      },
    });

    const context: AddonContext = {
      helmProvider: connection.helmProvider,
      awsProvider: this.provider,
      clusterName: cluster.clusterName,
      kubernetesVersion: settings.kubernetesVersion,
      release: eksRelease(settings.kubernetesVersion),
      accountId: env.accountId,
      region: props.region,
      vpcId: network.vpcId,
      // Add-on roles use Pod Identity; the OIDC provider serves only roles that must use IRSA.
      oidc: settings.oidcProvider
        ? { providerArn: cluster.oidcProviderArn, issuerUrl: cluster.oidcIssuerUrl }
        : undefined,
      highAvailability: settings.highAvailability,
      prerequisites: [...namespaces.resources, storageClass, backedUpStorageClass],
    };
    const role = (purpose: string) => this.naming.name(purpose);
    // The components this environment runs: those it names an image for.
    const delivered = catalogueEntries()
      .filter(([component]) => settings.components[component] !== undefined)
      .map(([component]) => component);
    const vaultReplicas = settings.vaultReplicas;
    const sso = settings.gitops.sso;
    const grafanaSso = settings.monitoring.sso;
    const clientSecret = (application: string, displayName: string) =>
      new OidcClientSecret(this, `${application}-sso-secret`, {
        naming: this.naming,
        accountId: env.accountId,
        region: props.region,
        application,
        displayName,
      });
    const ssoSecret = sso ? clientSecret('argocd', 'Argo CD') : undefined;
    const grafanaSsoSecret = grafanaSso ? clientSecret('grafana', 'Grafana') : undefined;

    // Components reach every store with their own identity; only the SSO client secrets are
    // delivered.
    const secrets: DeliveredSecret[] = [
      ...(ssoSecret
        ? [
            {
              name: ARGO_CD_OIDC_SECRET.name,
              namespace: ARGO_CD_NAMESPACE,
              remoteKey: ssoSecret.secretArn,
              format: 'value' as const,
              valueKey: ARGO_CD_OIDC_SECRET.key,
              // Argo CD resolves `$secret:key` references only in Secrets it owns.
              labels: { 'app.kubernetes.io/part-of': 'argocd' },
            },
          ]
        : []),
      ...(grafanaSsoSecret
        ? [
            {
              name: GRAFANA_OIDC_SECRET.name,
              namespace: MONITORING_NAMESPACE,
              remoteKey: grafanaSsoSecret.secretArn,
              format: 'value' as const,
              valueKey: GRAFANA_OIDC_SECRET.key,
              labels: {},
            },
          ]
        : []),
    ];
    const secretArns = [...new Set(secrets.map((secret) => secret.remoteKey))];

    // First, so every later release is admitted through the platform's policies.
    new AdmissionPoliciesAddon(this, 'admission-policies', { context });
    new GatewayApiCrdsAddon(this, 'gateway-api-crds', {
      context,
      manifestFile: props.gatewayApiManifest,
    });
    // Before the monitoring stack: its generator makes Grafana's admin login.
    new ExternalSecretsAddon(this, 'external-secrets', {
      context,
      roleName: role('external-secrets'),
      secretArns,
    });
    // The long-term store is the primary region's cluster layer's: every region writes there.
    const primaryRegion = env.primaryRegion.name;
    const metricsStore =
      settings.monitoring.longTermRetentionDays > 0
        ? props.region === primaryRegion
          ? cluster
          : readLayerContract(this, 'primary-cluster', CLUSTER_CONTRACT, {
              environment: env,
              scope: primaryRegion,
            })
        : undefined;
    new KubePrometheusStackAddon(this, 'kube-prometheus-stack', {
      context,
      retentionDays: settings.monitoring.retentionDays,
      storageGib: settings.monitoring.storageGib,
      alertRoutes: settings.monitoring.alertRoutes,
      storageClassName: STORAGE_CLASS,
      longTerm: metricsStore
        ? {
            workspaceArn: metricsStore.metricsWorkspaceArn,
            remoteWriteUrl: metricsStore.metricsRemoteWriteUrl,
            queryUrl: metricsStore.metricsQueryUrl,
            workspaceRegion: primaryRegion,
            prometheusRoleName: role('prometheus'),
            grafanaRoleName: role('grafana'),
          }
        : undefined,
      sso: grafanaSso && { settings: grafanaSso, host: hosts.grafana },
    });
    new CertManagerAddon(this, 'cert-manager', { context });
    new MetricsServerAddon(this, 'metrics-server', { context });
    new KarpenterCrdAddon(this, 'karpenter-crd', { context });
    new KarpenterAddon(this, 'karpenter', {
      context,
      interruptionQueueName: cluster.karpenterInterruptionQueueName,
    });
    new KarpenterNodePoolsAddon(this, 'karpenter-node-pools', {
      context,
      nodeRoleName: cluster.karpenterNodeRoleName,
      volumeKmsKeyArn: cluster.volumeKmsKeyArn,
      imageVersion: settings.nodeImageVersion,
      nodePools: nodePoolSpecs(settings.nodePools),
      // What Karpenter launches is costed like everything Terraform creates.
      tags: standardTags(env, 'cluster'),
    });
    new AwsLoadBalancerControllerAddon(this, 'aws-load-balancer-controller', {
      context,
      roleName: role('aws-lbc'),
    });
    new ExternalDnsAddon(this, 'external-dns', {
      context,
      roleName: role('external-dns'),
      domain: hosts.regional,
    });
    new IstioBaseAddon(this, 'istio-base', { context });
    new IstioCniAddon(this, 'istio-cni', { context });
    new PlatformBaselineAddon(this, 'platform-baseline', {
      context,
      environmentName: env.name,
      dataSubnetCidrs,
      values: { internalCa: { certificates: [vaultCertificate(vaultReplicas)] } },
    });
    // Its chart needs at least one secret: without SSO there is nothing to deliver.
    if (secrets.length > 0)
      new PlatformSecretsAddon(this, 'platform-secrets', { context, secrets });
    new VerticalPodAutoscalerAddon(this, 'vertical-pod-autoscaler', { context });
    new KedaAddon(this, 'keda', {
      context,
      roleName: role('keda'),
      // The platform queues the data layer made, by the names its contract reports.
      queueArns: platformQueueArns(this, data, { region: props.region, accountId: env.accountId }),
    });
    new QueueScalingAddon(this, 'queue-scaling', { context, queueUrls: data.queueUrls });
    new IstiodAddon(this, 'istiod', { context });
    new IstioGatewayAddon(this, 'istio-gateway', { context });
    new MeshPoliciesAddon(this, 'mesh-policies', {
      context,
      egress: platformEgress({
        gitopsRepoUrl: settings.gitops.repoUrl,
        identityProviderUrl: sso?.issuerUrl,
        dataSubnetCidrs,
        dataStoresHost: `data-stores.${this.naming.prefix}.internal`,
      }),
    });
    new FrontDoorAddon(this, 'front-door', {
      context,
      delivered,
      hosts,
      healthCheckPath: env.edge.healthCheckPath,
      corsOrigins: env.edge.corsOrigins,
      grafana: grafanaSso !== undefined,
    });
    // The components' container logs, each into its own group (the data layer creates them).
    new FluentBitAddon(this, 'fluent-bit', {
      context,
      roleName: role('fluent-bit'),
      routes: PLATFORM_COMPONENTS.map((component) => ({
        namespace: component,
        logGroupName: componentLogGroupName(env.name, component),
      })),
    });
    new OtelCollectorAddon(this, 'otel-collector', {
      context,
      roleName: role('otel-collector'),
      sampleRate: env.observability.traceSampleRate,
    });
    new VaultAddon(this, 'vault', {
      context,
      roleName: role('vault'),
      unsealKeyAlias: this.naming.name('vault-unseal'),
      storageClassName: BACKED_UP_STORAGE_CLASS,
      replicas: vaultReplicas,
    });
    // Consistent raft snapshots every four minutes, into a bucket AWS Backup copies across.
    new VaultSnapshotsAddon(this, 'vault-snapshots', {
      context,
      roleName: role('vault-snapshots'),
      bucketName: this.naming.bucketName('vault-snapshots', env.accountId),
      keyAlias: this.naming.name('vault-snapshots'),
      accessLogBucketName: data.accessLogBucketName,
      bucketTags: { [BACKUP_TAG.key]: BACKUP_TAG.value },
    });
    // Cluster objects and volumes (Vault's raft data hourly), kept as long as the data backups.
    new VeleroAddon(this, 'velero', {
      context,
      roleName: role('velero'),
      bucketName: this.naming.bucketName('velero', env.accountId),
      keyAlias: this.naming.name('velero'),
      accessLogBucketName: data.accessLogBucketName,
      volumeKmsKeyArn: cluster.volumeKmsKeyArn,
      retentionDays: env.data.backupRetentionDays,
      // The data layer's AWS Backup plan copies the bucket to the other region.
      bucketTags: { [BACKUP_TAG.key]: BACKUP_TAG.value },
    });
    new ArgoCdAddon(this, 'argo-cd', { context, host: hosts.argocd, sso });
    new ArgoRolloutsAddon(this, 'argo-rollouts', { context });
    // The AWS identities of the components this environment delivers.
    new ComponentRoles(this, 'component-roles', {
      delivered,
      naming: this.naming,
      clusterName: cluster.clusterName,
      region: props.region,
      accountId: env.accountId,
      data,
    });
    new ArgoCdRootAppAddon(this, 'argocd-root-app', {
      context,
      applications: componentApplications({
        environment: env,
        region: props.region,
        data,
      }),
      environmentName: env.name,
      repoUrl: settings.gitops.repoUrl,
      revision: settings.gitops.revision,
      prune: settings.gitops.prune,
    });
  }
}
