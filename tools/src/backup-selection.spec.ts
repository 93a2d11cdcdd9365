import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { helmReleases } from './charts/helm-releases';
import { synthesizeStackJsons } from './layer-apps';

// AWS Backup selects by tag what the data layer's plan keeps in its tiers and copies to the
// other region. Resources of other layers join the plan only by carrying that tag, so the
// selection of the synthesized production data stack is joined here with what the cluster
// layer tags: the Velero bucket (cluster objects), the Vault snapshot bucket and the volumes of
// the storage class Vault's raft data lives on.

type Block = Record<string, unknown>;
interface StackJson {
  resource?: Record<string, Record<string, Block>>;
}

const root = findWorkspaceRoot(__dirname);
const work = mkdtempSync(join(tmpdir(), 'strata-backup-selection-'));

function synthesized(app: string, stack: string) {
  const found = synthesizeStackJsons<StackJson>(root, app, join(work, app), 'prod').get(stack);
  if (!found) throw new Error(`no ${stack}`);
  return found;
}

const resources = (json: StackJson, type: string) => Object.values(json.resource?.[type] ?? {});

describe('the backup selection across layers', () => {
  const data = synthesized('data', 'data-prod-us-east-1').json;
  const addons = synthesized('cluster', 'addons-prod-us-east-1');
  const releases = helmReleases('addons-prod-us-east-1', addons.dir, join(root, 'charts'));
  const [selection] = resources(data, 'aws_backup_selection');
  const condition = (
    (selection.condition as Block[])[0].string_equals as Array<{ key: string; value: string }>
  )[0];
  const tagKey = condition.key.replace(/^aws:ResourceTag\//, '');

  it('selects by one tag, every tier of its plan copied to the other region', () => {
    expect(selection.resources).toEqual(['*']);
    const [plan] = resources(data, 'aws_backup_plan');
    const tiers = (plan.rule as Block[]).filter((rule) => !rule.enable_continuous_backup);
    expect(tiers.length).toBe(3);
    for (const tier of tiers) expect(tier.copy_action).toHaveLength(1);
  });

  it("tags the cluster's Velero and Vault snapshot buckets so the plan copies them across", () => {
    const tagged = Object.entries(addons.json.resource?.aws_s3_bucket ?? {}).filter(
      ([, bucket]) =>
        (bucket.tags as Record<string, string> | undefined)?.[tagKey] === condition.value,
    );
    expect(tagged.map(([, bucket]) => bucket.bucket)).toEqual([
      expect.stringMatching(/^strata-prod-use1-vault-snapshots-/),
      expect.stringMatching(/^strata-prod-use1-velero-/),
    ]);
    // The one the snapshot job uploads to (the release names the bucket resource itself).
    const snapshots = releases.find((release) => release.release === 'vault-snapshots');
    expect((snapshots?.values.upload as { bucket: string }).bucket).toBe(
      `\${aws_s3_bucket.${tagged[0][0]}.bucket}`,
    );
  });

  it("puts Vault's raft volumes on a storage class whose volumes carry the tag", () => {
    const vault = releases.find((release) => release.release === 'vault');
    const storageClassName = (
      (vault?.values.server as Block).dataStorage as { storageClass: string }
    ).storageClass;
    const storageClass = resources(addons.json, 'kubernetes_storage_class_v1').find(
      (candidate) => (candidate.metadata as { name: string }).name === storageClassName,
    );
    // The EBS CSI driver tags each volume it creates with every tagSpecification_<n>.
    const tags = Object.entries((storageClass?.parameters ?? {}) as Record<string, string>)
      .filter(([parameter]) => /^tagSpecification_\d+$/.test(parameter))
      .map(([, tag]) => tag);
    expect(tags).toContain(`${tagKey}=${condition.value}`);
    expect(storageClass?.storage_provisioner).toBe('ebs.csi.aws.com');
  });
});
