/**
 * The base of every layer: `LayerStack` (provider, S3 backend with locking, tags, naming), the
 * typed layer contracts and the app runner.
 *
 * @packageDocumentation
 * @module @strata/core
 */
export * from './aws-provider';
export * from './chart-source';
export * from './contracts/cluster-contract';
export * from './contracts/data-bucket-names';
export * from './contracts/data-contract';
export * from './contracts/edge-contract';
export * from './contracts/layer-contract';
export * from './contracts/network-contract';
export * from './contracts/observability-contract';
export * from './layer-app';
export * from './layer-stack';
export * from './naming';
export * from './platform-app';
export * from './state-backend';
export * from './synth-run';
export * from '@strata/constructs/testing';
