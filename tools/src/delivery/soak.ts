/** What the soak reads: the alarms of the environment just applied that are firing now. */
export type FiringAlarms = () => readonly string[];

export interface SoakClock {
  now(): number;
  sleep(milliseconds: number): void;
}

export interface SoakResult {
  readonly passed: boolean;
  /** Alarms in ALARM state when the soak stopped (empty when it passed). */
  readonly firing: readonly string[];
  readonly waitedMinutes: number;
}

/**
 * The soak between two environments: the previous environment must run for `minutes` after
 * its apply with none of its alarms firing. Polls every `pollSeconds`; the first firing alarm
 * ends it (the next environment is not applied).
 */
export function soak(
  minutes: number,
  firingAlarms: FiringAlarms,
  clock: SoakClock,
  pollSeconds = 60,
): SoakResult {
  const start = clock.now();
  const end = start + minutes * 60_000;
  const waited = () => Math.round((clock.now() - start) / 60_000);
  for (;;) {
    const firing = firingAlarms();
    if (firing.length > 0) return { passed: false, firing, waitedMinutes: waited() };
    if (clock.now() >= end) return { passed: true, firing: [], waitedMinutes: waited() };
    clock.sleep(Math.min(pollSeconds * 1000, end - clock.now()));
  }
}
