import { PollLoop } from './poll-loop';
import { KubeAccess, kubeCreate, kubeList, KubeObject, kubeRequest } from './kube-api';

/** The annotation the scheduler sets on a delayed-binding claim once it has placed the pod. */
const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const POLL_MS = 500;

interface ClaimObject extends KubeObject {
  readonly spec: {
    readonly storageClassName?: string;
    readonly volumeName?: string;
    readonly accessModes?: string[];
    readonly volumeMode?: string;
    readonly resources?: { readonly requests?: { readonly storage?: string } };
  };
}

interface StorageClassObject extends KubeObject {
  readonly provisioner: string;
}

/**
 * A stand-in for a CSI driver's external provisioner (local only: KWOK runs no driver). For
 * each claim the scheduler has placed on a node (`WaitForFirstConsumer`), it creates the
 * volume the driver would: a PersistentVolume of the claim's class, size and access modes,
 * reserved for that claim and pinned to that node. Binding is the real PV controller's work
 * and scheduling the real scheduler's, so a claim of a class nobody provisions still never
 * binds. Volumes are named `pvc-<claim uid>`, as the external provisioner names them.
 */
export class VolumeProvisioner extends PollLoop {
  constructor(private readonly access: KubeAccess) {
    super(POLL_MS);
  }

  protected async pass(): Promise<void> {
    const claims = await kubeList<ClaimObject>(this.access, '/api/v1/persistentvolumeclaims');
    const pending = claims.filter(
      (claim) => !claim.spec.volumeName && claim.metadata.annotations?.[SELECTED_NODE],
    );
    if (pending.length === 0) return;
    const classes = new Map(
      (
        await kubeList<StorageClassObject>(this.access, '/apis/storage.k8s.io/v1/storageclasses')
      ).map((storageClass) => [storageClass.metadata.name, storageClass.provisioner]),
    );
    for (const claim of pending) {
      const className = claim.spec.storageClassName ?? '';
      const driver = classes.get(className);
      // Only a class with a CSI provisioner gets a volume; `kubernetes.io/no-provisioner` and
      // unknown classes stay unbound, as they would on EKS.
      if (!driver || driver.startsWith('kubernetes.io/')) continue;
      const name = `pvc-${claim.metadata.uid}`;
      const exists = await kubeRequest(this.access, 'GET', `/api/v1/persistentvolumes/${name}`);
      if (exists.status === 200) continue;
      await kubeCreate(this.access, '/api/v1/persistentvolumes', {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: {
          name,
          annotations: { 'pv.kubernetes.io/provisioned-by': driver },
        },
        spec: {
          capacity: { storage: claim.spec.resources?.requests?.storage ?? '1Gi' },
          accessModes: claim.spec.accessModes ?? ['ReadWriteOnce'],
          volumeMode: claim.spec.volumeMode ?? 'Filesystem',
          persistentVolumeReclaimPolicy: 'Delete',
          storageClassName: className,
          claimRef: {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            namespace: claim.metadata.namespace,
            name: claim.metadata.name,
            uid: claim.metadata.uid,
          },
          csi: { driver, volumeHandle: `vol-local-${claim.metadata.uid}` },
          nodeAffinity: {
            required: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    {
                      key: 'kubernetes.io/hostname',
                      operator: 'In',
                      values: [claim.metadata.annotations![SELECTED_NODE]],
                    },
                  ],
                },
              ],
            },
          },
        },
      });
    }
  }
}
