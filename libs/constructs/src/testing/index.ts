/**
 * Helpers for tests of stacks built with these constructs: synthesized JSON, fixtures.
 *
 * @packageDocumentation
 * @module @strata/constructs/testing
 */
export * from './gateway-api-fixture';
export * from './synth-json';
export * from './addon-names';
export * from './vpc-fixture';
export * from './alarm-rule';
