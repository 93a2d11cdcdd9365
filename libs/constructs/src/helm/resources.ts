/**
 * A container's resources as charts take them: requests (what the scheduler reserves) and a
 * memory limit. No CPU limit: it throttles controllers and proxies in bursts, while the CPU
 * request already guarantees their share.
 */
export interface ContainerResources {
  /** What the scheduler reserves for the container. */
  readonly requests: {
    /** CPU, in cores or millicores (`100m`). */
    readonly cpu: string;
    /** Memory, as a Kubernetes quantity (`128Mi`). */
    readonly memory: string;
  };
  /** The most the container may use before it is stopped. */
  readonly limits: {
    /** Memory, as a Kubernetes quantity; the container is killed beyond it. */
    readonly memory: string;
  };
}

/** A chart value that holds one container's resources and nothing else. */
export interface ResourcesOnly {
  /** The container's resources. */
  readonly resources: ContainerResources;
}

/** `cpu` and `memory` requested; memory capped at `memoryLimit` (default twice the request). */
export function containerResources(
  cpu: string,
  memory: string,
  memoryLimit: string = doubled(memory),
): ContainerResources {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

function doubled(quantity: string): string {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`Memory quantity "${quantity}" is not <n>Mi or <n>Gi`);
  return `${Number(match[1]) * 2}${match[2]}`;
}
