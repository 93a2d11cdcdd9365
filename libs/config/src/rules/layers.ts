import { partitionOfRegion } from '@strata/constructs/vocabulary';
import { LAYER_READS, LAYERS, LayerName } from '../environment';
import { Rule } from './rule';

export const layerDependencies: Rule = (env) =>
  LAYERS.filter((layer) => env.layers[layer]).flatMap((layer) =>
    LAYER_READS[layer]
      .filter((needed) => !env.layers[needed])
      .map((needed) => ({
        field: `layers.${needed}`,
        rule: 'layer-dependencies',
        message: `is off, but the ${layer} layer reads its contract; switch ${layer} off too or ${needed} on`,
      })),
  );

/**
 * Layers built on services the commercial partition alone offers as Strata uses them: the
 * edge (CloudFront with its us-east-1 certificate and public Route 53 zones with DNSSEC;
 * GovCloud has no public hosted zones, China's CloudFront needs an ICP licence) and
 * observability (AWS Budgets and Cost Explorer's anomaly monitor are served from the
 * commercial partition).
 */
const COMMERCIAL_ONLY_LAYERS: Readonly<Partial<Record<LayerName, string>>> = {
  edge: 'CloudFront with a us-east-1 certificate and public Route 53 zones',
  observability: 'AWS Budgets and the Cost Explorer anomaly monitor',
};

/** An environment lives in one partition, and there only the layers its services allow. */
export const partitionLayers: Rule = (env) => {
  const partitions = [...new Set(env.regions.map((region) => partitionOfRegion(region.name)))];
  if (partitions.length > 1) {
    return [
      {
        field: 'regions.secondary.name',
        rule: 'partition-layers',
        message: `is in the ${partitionOfRegion(env.secondaryRegion?.name ?? '')} partition and the primary region in ${partitionOfRegion(env.primaryRegion.name)}; replication, peering and IAM do not cross partitions`,
      },
    ];
  }
  const [partition] = partitions;
  if (partition === 'aws') return [];
  return LAYERS.filter((layer) => env.layers[layer] && COMMERCIAL_ONLY_LAYERS[layer]).map(
    (layer) => ({
      field: `layers.${layer}`,
      rule: 'partition-layers',
      message: `is on, but the ${layer} layer needs ${COMMERCIAL_ONLY_LAYERS[layer]}, which ${partition} does not offer as Strata uses them; switch it off`,
    }),
  );
};
