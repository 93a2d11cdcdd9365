/**
 * Pod and container security contexts as charts take them: what Pod Security's `restricted`
 * level asks of every pod the add-ons run.
 */

/** The container runtime's default seccomp profile, which `restricted` requires. */
export const RUNTIME_DEFAULT_SECCOMP = {
  /** The profile's kind: the runtime's default. */
  type: 'RuntimeDefault',
} as const;

/** A pod's security context. */
export interface PodSecurityContext {
  /** Refuse to start a container as root. */
  readonly runAsNonRoot: boolean;
  /** The user the containers run as. @default the image's user */
  readonly runAsUser?: number;
  /** The group the containers run as. @default the image's group */
  readonly runAsGroup?: number;
  /** The group that owns mounted volumes. @default none */
  readonly fsGroup?: number;
  /** The seccomp profile: the runtime's default. */
  readonly seccompProfile: typeof RUNTIME_DEFAULT_SECCOMP;
}

/** A container's security context. */
export interface ContainerSecurityContext {
  /** Whether a process may gain more privileges than its parent (never). */
  readonly allowPrivilegeEscalation: boolean;
  /** Whether the root filesystem is read-only (writes go to volumes). @default writable */
  readonly readOnlyRootFilesystem?: boolean;
  /** The Linux capabilities. */
  readonly capabilities: {
    /** Capabilities dropped (`ALL`). */
    readonly drop: readonly string[];
  };
}
