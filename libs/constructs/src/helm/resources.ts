/**
 * A container's resources as charts take them: requests (what the scheduler reserves) and a
 * memory limit. No CPU limit: it throttles controllers and proxies in bursts, while the CPU
 * request already guarantees their share.
 */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
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
