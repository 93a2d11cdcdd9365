import { Manifest } from './crd-schemas';

const ROLLOUT_API = 'argoproj.io/v1alpha1';

function isRollout(manifest: Manifest): boolean {
  return manifest.kind === 'Rollout' && manifest.apiVersion === ROLLOUT_API;
}

/**
 * What the cluster admits for a Rollout: the controller creates a ReplicaSet from its pod
 * template (and that ReplicaSet the pods), so Pod Security, the mesh injector and the
 * admission policies see a ReplicaSet. Other objects pass unchanged.
 */
export function admittedAs(manifest: Manifest): Manifest {
  if (!isRollout(manifest)) return manifest;
  const spec = (manifest.spec ?? {}) as Record<string, unknown>;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: manifest.metadata,
    spec: { replicas: spec.replicas, selector: spec.selector, template: spec.template },
  };
}

interface TargetRef {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
}

/**
 * kube-score knows no Argo Rollouts: it reads a Rollout as the Deployment it behaves like (same
 * selector and pod template), and an autoscaler's Rollout target as that Deployment, so its
 * Service, autoscaler, budget and pod checks apply to the component's pods.
 */
export function kubeScoreView(manifest: Manifest): Manifest {
  if (isRollout(manifest)) {
    const spec = (manifest.spec ?? {}) as Record<string, unknown>;
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: manifest.metadata,
      spec: {
        replicas: spec.replicas,
        selector: spec.selector,
        template: spec.template,
        revisionHistoryLimit: spec.revisionHistoryLimit,
      },
    };
  }
  const spec = manifest.spec as { scaleTargetRef?: TargetRef; targetRef?: TargetRef } | undefined;
  const retarget = (ref: TargetRef | undefined) =>
    ref?.kind === 'Rollout' && ref.apiVersion === ROLLOUT_API
      ? { ...ref, apiVersion: 'apps/v1', kind: 'Deployment' }
      : ref;
  if (spec?.scaleTargetRef?.kind === 'Rollout') {
    return { ...manifest, spec: { ...spec, scaleTargetRef: retarget(spec.scaleTargetRef) } };
  }
  return manifest;
}
