/**
 * What the mesh's sidecar asks for in every meshed pod (the istiod add-on sets it): capacity
 * checks add it to each component pod's own requests.
 */
export const MESH_SIDECAR_REQUESTS = {
  /** CPU, in millicores. */
  cpuMillis: 100,
  /** Memory, in MiB. */
  memoryMib: 128,
} as const;
/** Its memory limit, istiod's chart default made explicit. */
export const MESH_SIDECAR_MEMORY_LIMIT_MIB = 1024;
