/**
 * The AWS provider waits between its state refreshes for AWS's eventual consistency: a KMS
 * key polls for 12 s, an SQS queue for 25 s on create and 2 min on delete, a lifecycle
 * configuration for 55 s. The emulator is consistent the moment it answers, so those waits
 * are only sleep, and they were most of the emulator flow.
 *
 * The provider's own switch for "the API is not live AWS" is its VCR replay mode: with
 * `VCR_MODE=REPLAY_ONLY` and a `VCR_PATH`, its `StateChangeConf` polls without delay. It
 * still polls until the target state, as many times in a row as it asks for, so every wait
 * keeps its check. Outside the provider's acceptance-test harness, nothing else reads these
 * variables: the HTTP client is not wrapped, nothing is recorded or replayed, and
 * `provider-waits.spec.ts` proves both against the built module's source.
 */
export const PROVIDER_REPLAY_MODE = 'REPLAY_ONLY';

/** Environment for the engine, so that its AWS provider polls the emulator without waiting. */
export function emulatorProviderEnv(workDir: string): NodeJS.ProcessEnv {
  // VCR_PATH must be set for the switch to take; production code never opens it.
  return { VCR_MODE: PROVIDER_REPLAY_MODE, VCR_PATH: workDir };
}
