import { StackPlanSummary } from './plan-summary';

/** One stack's scheduled `plan -detailed-exitcode`: 0 in sync, 2 drifted, anything else failed. */
export interface StackDriftResult {
  readonly stack: string;
  readonly exitCode: number;
  /** Addresses and actions only: drift runs upload no plan JSON (it holds secret values). */
  readonly summary?: StackPlanSummary;
}

/** Title of the one open issue the drift workflow keeps up to date. */
export const DRIFT_ISSUE_TITLE = 'Drift: deployed infrastructure differs from main';

/** The drift issue's body, or undefined when every stack is in sync. */
export function driftReport(
  results: readonly StackDriftResult[],
  runUrl: string,
): string | undefined {
  const drifted = results.filter((result) => result.exitCode === 2);
  const failed = results.filter((result) => result.exitCode !== 0 && result.exitCode !== 2);
  if (drifted.length === 0 && failed.length === 0) return undefined;
  const sections = drifted.map((result) => {
    const lines = result.summary?.lines ?? [];
    return [`#### \`${result.stack}\``, '', '```diff', ...lines, '```'].join('\n');
  });
  return [
    `${drifted.length} of ${results.length} stacks drifted${failed.length > 0 ? `; ${failed.length} could not be planned` : ''} ([run](${runUrl})).`,
    '',
    ...sections,
    ...(failed.length > 0
      ? [
          '',
          '**Plan failed:** ' + failed.map((r) => `\`${r.stack}\` (exit ${r.exitCode})`).join(', '),
        ]
      : []),
    '',
    'Re-apply main (or change the code to match) and this issue is updated by the next scheduled run.',
  ].join('\n');
}
