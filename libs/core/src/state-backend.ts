import { S3BackendConfig } from 'cdktf';
import { EnvironmentConfig, stateLocation } from '@strata/config';

/**
 * Where one stack's state lives. `stateName` is the layer (or `layer-part` when a layer
 * has several stacks, e.g. `cluster-addons`); `scope` is the region, or `global` for a
 * stack that spans regions.
 */
export interface StateAddress {
  /** The environment, as loaded from its file. */
  readonly environment: EnvironmentConfig;
  /** The layer, or `layer-part` where a layer has several stacks. */
  readonly stateName: string;
  /** The region, or `global`. */
  readonly scope: string;
}

/** `<layer>/<env>/<region>/terraform.tfstate` */
export function stateKey(address: StateAddress): string {
  return `${address.stateName}/${address.environment.name}/${address.scope}/terraform.tfstate`;
}

/**
 * S3 backend settings shared by the backend block of a stack and by every remote-state
 * read of it, so a writer and its readers cannot disagree on bucket, key or region.
 */
export function s3BackendConfig(address: StateAddress): S3BackendConfig {
  const env = address.environment;
  // The primary bucket, or its replica while the state is failed over (state.activeRegion).
  const location = stateLocation(env);
  return {
    bucket: location.bucket,
    key: stateKey(address),
    region: location.region,
    encrypt: true,
    ...(location.lockTable ? { dynamodbTable: location.lockTable } : {}),
    ...(env.emulator ? emulatorBackendSettings(env.emulator.endpoint) : {}),
  };
}

/** Backend settings that send S3 and DynamoDB calls to the emulator with dummy credentials. */
function emulatorBackendSettings(endpoint: string): Partial<S3BackendConfig> {
  return {
    endpoints: { s3: endpoint, dynamodb: endpoint, sts: endpoint, iam: endpoint },
    usePathStyle: true,
    accessKey: 'emulator',
    secretKey: 'emulator',
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    skipRegionValidation: true,
  };
}

/**
 * The state objects of one layer's stacks in an environment, as key patterns (a layer's
 * `stateName` is the layer or `layer-part`): what the layer's apply role may write.
 */
export function layerStateKeyPatterns(environment: string, layer: string): string[] {
  return [`${layer}/${environment}/*`, `${layer}-*/${environment}/*`];
}
