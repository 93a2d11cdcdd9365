import { ArgoCdAddon } from './addons/argo-cd';
import { ArgoCdRootAppAddon } from './addons/argocd-root-app';
import { AwsLoadBalancerControllerAddon } from './addons/aws-load-balancer-controller';
import { CertManagerAddon } from './addons/cert-manager';
import { ExternalSecretsAddon } from './addons/external-secrets';
import { FluentBitAddon } from './addons/fluent-bit';
import { IstioCniAddon, IstiodAddon } from './addons/istio';
import { KubePrometheusStackAddon } from './addons/kube-prometheus-stack';
import { OtelCollectorAddon } from './addons/otel-collector';
import { PlatformBaselineAddon } from './addons/platform-baseline';
import { VaultAddon } from './addons/vault';
import { VeleroAddon } from './addons/velero';
import { AddonCheckRules } from './check-rules';

/** The add-ons that declare chart-check exceptions (`static CHECK_RULES`, each with reasons). */
const WITH_RULES: ReadonlyArray<{
  readonly ADDON_NAME: string;
  readonly CHECK_RULES: AddonCheckRules;
}> = [
  ArgoCdAddon,
  ArgoCdRootAppAddon,
  AwsLoadBalancerControllerAddon,
  CertManagerAddon,
  ExternalSecretsAddon,
  FluentBitAddon,
  IstioCniAddon,
  IstiodAddon,
  KubePrometheusStackAddon,
  OtelCollectorAddon,
  PlatformBaselineAddon,
  VaultAddon,
  VeleroAddon,
];

/** The chart check's exceptions, by add-on (release) name. */
export const ADDON_CHECK_RULES: Readonly<Record<string, AddonCheckRules>> = Object.fromEntries(
  WITH_RULES.map((addon) => [addon.ADDON_NAME, addon.CHECK_RULES]),
);
