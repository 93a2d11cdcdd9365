/** What `terraform show -json <planfile>` prints (the parts a summary needs). */
export interface PlanJson {
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly change: { readonly actions: readonly string[] };
  }>;
}

export interface StackPlanSummary {
  readonly stack: string;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  /** Destroy-and-recreate, counted once here and not in add or destroy. */
  readonly replace: number;
  /** `+ address`, `~ address`, `- address`, `-/+ address`, in plan order. */
  readonly lines: readonly string[];
}

/** The marker that lets a workflow find (and update) its own pull-request comment. */
export const PLAN_COMMENT_MARKER = '<!-- strata-plan -->';
const MAX_LINES_PER_STACK = 60;

export function summarizePlan(stack: string, plan: PlanJson): StackPlanSummary {
  let add = 0;
  let change = 0;
  let destroy = 0;
  let replace = 0;
  const lines: string[] = [];
  for (const resource of plan.resource_changes ?? []) {
    const actions = resource.change.actions.join(',');
    let symbol: string;
    if (actions === 'create') [symbol, add] = ['+', add + 1];
    else if (actions === 'update') [symbol, change] = ['~', change + 1];
    else if (actions === 'delete') [symbol, destroy] = ['-', destroy + 1];
    else if (actions === 'delete,create' || actions === 'create,delete')
      [symbol, replace] = ['-/+', replace + 1];
    else continue; // no-op, read
    lines.push(`${symbol} ${resource.address}`);
  }
  return { stack, add, change, destroy, replace, lines };
}

function headline(summary: StackPlanSummary): string {
  if (summary.lines.length === 0) return 'no changes';
  const parts = [
    `${summary.add} to add`,
    `${summary.change} to change`,
    `${summary.destroy} to destroy`,
  ];
  if (summary.replace > 0) parts.push(`${summary.replace} to replace`);
  return parts.join(', ');
}

/**
 * One pull-request comment for every planned stack: a table of counts, then the changed
 * addresses per stack (folded), destructive changes called out first.
 */
export function planComment(
  summaries: readonly StackPlanSummary[],
  context: { readonly commit: string; readonly runUrl: string },
): string {
  const destructive = summaries.filter((s) => s.destroy > 0 || s.replace > 0);
  const rows = summaries.map(
    (s) => `| \`${s.stack}\` | ${s.add} | ${s.change} | ${s.destroy} | ${s.replace} |`,
  );
  const details = summaries
    .filter((s) => s.lines.length > 0)
    .map((s) => {
      const shown = s.lines.slice(0, MAX_LINES_PER_STACK);
      const more = s.lines.length - shown.length;
      return [
        `<details><summary><code>${s.stack}</code>: ${headline(s)}</summary>`,
        '',
        '```diff',
        ...shown,
        ...(more > 0 ? [`# ... ${more} more: see the plan artifact`] : []),
        '```',
        '</details>',
      ].join('\n');
    });
  return [
    PLAN_COMMENT_MARKER,
    `### Terraform plan for ${context.commit.slice(0, 7)}`,
    '',
    summaries.length === 0
      ? 'No stack is affected by this change.'
      : destructive.length > 0
        ? `**Destroys or replaces resources in ${destructive.map((s) => `\`${s.stack}\``).join(', ')}.**`
        : 'Nothing is destroyed or replaced.',
    '',
    ...(summaries.length > 0
      ? [
          '| stack | add | change | destroy | replace |',
          '| --- | ---: | ---: | ---: | ---: |',
          ...rows,
          '',
        ]
      : []),
    ...details,
    '',
    `Plans and their JSON are artifacts of [this run](${context.runUrl}).`,
  ].join('\n');
}
