import { EnvironmentConfig } from '@strata/config';
import { githubRoleArn, promotionOrder, StackJob } from './stack-matrix';

/** One environment's part of an apply run. */
export interface EnvironmentRun {
  readonly environment: string;
  /** Its selected stacks, in apply order. */
  readonly stacks: readonly StackJob[];
  /** The in-VPC runner the environment's apply job needs when one of its stacks talks to a cluster. */
  readonly runnerProject?: string;
  /** The environment applied before it in this run, whose soak it waits for (none first). */
  readonly soakAfter?: {
    readonly environment: string;
    readonly minutes: number;
    /** Read-only role and primary region of that environment, to read its alarms. */
    readonly planRoleArn: string;
    readonly region: string;
  };
}

/**
 * The selected stacks (`jobs`, already in delivery order) as one run per environment, in
 * promotion order. An environment waits for the soak of the one applied before it in the same
 * run; an environment with nothing selected is skipped, and so is its soak.
 */
export function environmentRuns(
  jobs: readonly StackJob[],
  environments: readonly EnvironmentConfig[],
): EnvironmentRun[] {
  const runs: EnvironmentRun[] = [];
  let previous: EnvironmentConfig | undefined;
  for (const env of promotionOrder(environments)) {
    const stacks = jobs.filter((job) => job.environment === env.name);
    if (stacks.length === 0) continue;
    const runnerProject = stacks.find((job) => job.runnerProject)?.runnerProject;
    runs.push({
      environment: env.name,
      stacks,
      ...(runnerProject ? { runnerProject } : {}),
      ...(previous && previous.delivery.soakMinutes > 0
        ? {
            soakAfter: {
              environment: previous.name,
              minutes: previous.delivery.soakMinutes,
              planRoleArn: githubRoleArn(previous, 'plan'),
              region: previous.primaryRegion.name,
            },
          }
        : {}),
    });
    previous = env;
  }
  return runs;
}
