import { EnvironmentConfig, regionIndexOf, replicatesData } from '@strata/config';

/** How a region's data stack relates to the other region. */
export enum DataRegionRole {
  /** No replication: this region's data stands alone. */
  STANDALONE = 'standalone',
  /** Writer region: owns the global database, the global table and every cross-region copy. */
  PRIMARY = 'primary',
  /** Reader region: joins the global database and hosts the table replica. */
  SECONDARY = 'secondary',
}

export function dataRegionRole(env: EnvironmentConfig, region: string): DataRegionRole {
  if (!replicatesData(env)) return DataRegionRole.STANDALONE;
  return regionIndexOf(env, region) === 0 ? DataRegionRole.PRIMARY : DataRegionRole.SECONDARY;
}
