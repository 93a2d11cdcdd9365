import { AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject';
import { Application } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application';
import { Certificate } from '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate';
import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication';

/** A Kubernetes object as rendered by `helm template`. */
export interface Manifest {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

type Validate = (manifest: Manifest) => void;

/** Validation through a @kubernetes-models class, which checks the CRD's OpenAPI schema. */
function modelValidator<T extends { validate(): void }>(
  Model: new (data: never) => T,
  apiVersionForSchema?: string,
): Validate {
  return (manifest) => {
    const data = apiVersionForSchema ? { ...manifest, apiVersion: apiVersionForSchema } : manifest;
    new Model(data as never).validate();
  };
}

/**
 * Custom resources the project's charts render, with the schema each is checked against
 * (kubeconform only knows built-in kinds offline). Istio's PeerAuthentication v1 has the same
 * spec as v1beta1, the newest version the schema package ships.
 */
export const CRD_VALIDATORS: Readonly<Record<string, Validate>> = {
  'argoproj.io/v1alpha1/Application': modelValidator(Application),
  'argoproj.io/v1alpha1/AppProject': modelValidator(AppProject),
  'cert-manager.io/v1/Certificate': modelValidator(Certificate),
  'cert-manager.io/v1/ClusterIssuer': modelValidator(ClusterIssuer),
  'security.istio.io/v1/AuthorizationPolicy': modelValidator(AuthorizationPolicy),
  'security.istio.io/v1/PeerAuthentication': modelValidator(
    PeerAuthentication,
    'security.istio.io/v1beta1',
  ),
};

export const CRD_KINDS = [
  ...new Set(Object.keys(CRD_VALIDATORS).map((key) => key.split('/').pop() as string)),
];

/** Validates a custom resource; returns the problem, or undefined when it is valid. */
export function validateCustomResource(manifest: Manifest): string | undefined {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  const validate = CRD_VALIDATORS[key];
  if (!validate) return `no schema for custom resource ${key}; add it to CRD_VALIDATORS`;
  try {
    validate(manifest);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
