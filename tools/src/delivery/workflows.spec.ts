import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findWorkspaceRoot, LAYERS } from '@strata/config';
import { DRIFT_ISSUE_TITLE } from './drift-report';
import { PLAN_COMMENT_MARKER } from './plan-summary';
import { waveOf } from './stack-matrix';

const root = findWorkspaceRoot(__dirname);
const files = [
  ...readdirSync(join(root, '.github', 'workflows')).map((f) => join('.github', 'workflows', f)),
  ...readdirSync(join(root, '.github', 'actions')).map((d) =>
    join('.github', 'actions', d, 'action.yml'),
  ),
];
const text = (file: string) => readFileSync(join(root, file), 'utf8');

interface Job {
  permissions?: Record<string, string>;
  strategy?: { matrix?: { stack?: string } };
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  uses?: string;
}

describe('GitHub workflows', () => {
  it('pin every action to a full commit SHA, its release named beside it (a tag can be moved)', () => {
    const uses = files.flatMap((file) =>
      [...text(file).matchAll(/uses:\s*(\S+)(.*)/g)].map((match) => [file, match[1], match[2]]),
    );
    expect(uses.length).toBeGreaterThan(10);
    for (const [file, ref, comment] of uses) {
      if (ref.startsWith('./')) continue;
      expect([file, ref]).toEqual([file, expect.stringMatching(/@[0-9a-f]{40}$/)]);
      expect([file, ref, comment]).toEqual([
        file,
        ref,
        expect.stringMatching(/^ # v\d+\.\d+\.\d+$/),
      ]);
    }
  });

  it('grant read-only contents by default and more only per job', () => {
    for (const file of files.filter((f) => f.includes('workflows'))) {
      const workflow = parse(text(file)) as {
        permissions: Record<string, string>;
        jobs: Record<string, Job>;
      };
      expect([file, workflow.permissions]).toEqual([file, { contents: 'read' }]);
      for (const job of Object.values(workflow.jobs)) {
        const granted = Object.entries(job.permissions ?? {}).filter(
          ([, level]) => level === 'write',
        );
        for (const [scope] of granted)
          expect(['id-token', 'pull-requests', 'issues']).toContain(scope);
      }
    }
  });

  it('never let two runs hold the same stack state', () => {
    for (const file of files.filter((f) => f.includes('workflows'))) {
      const workflow = parse(text(file)) as { jobs: Record<string, Job> };
      for (const job of Object.values(workflow.jobs).filter((j) => j.strategy?.matrix?.stack)) {
        expect(job.concurrency).toEqual({
          group: 'state-${{ matrix.stack.stack }}',
          'cancel-in-progress': false,
        });
      }
    }
  });

  it('apply every wave the delivery tool writes, each after the one before', () => {
    const waves = [...new Set(LAYERS.map(waveOf))].sort();
    const apply = parse(text('.github/workflows/apply.yml')) as {
      jobs: Record<
        string,
        { needs?: string | string[]; with?: { stacks?: string }; outputs?: Record<string, string> }
      >;
    };
    const waveJobs = Object.entries(apply.jobs).filter(([, job]) => job.with?.stacks);
    expect(waveJobs.map(([, job]) => job.with?.stacks)).toEqual(
      waves.map((wave) => `\${{ needs.affected.outputs.wave${wave} }}`),
    );
    expect(Object.keys(apply.jobs.affected.outputs ?? {})).toEqual(
      waves.map((wave) => `wave${wave}`),
    );
    waveJobs.slice(1).forEach(([, job], index) => {
      expect(job.needs).toEqual(['affected', waveJobs[index][0]]);
    });
  });

  it('apply a wave one stack at a time in the matrix order, stopping at the first failure', () => {
    // The order is the promotion order (stack-matrix.ts): prod waits for staging.
    const wave = parse(text('.github/workflows/stack-wave.yml')) as {
      jobs: Record<string, { strategy: { 'fail-fast': boolean; 'max-parallel': number } }>;
    };
    for (const job of ['plan', 'apply']) {
      expect([job, wave.jobs[job].strategy]).toEqual([
        job,
        expect.objectContaining({ 'fail-fast': true, 'max-parallel': 1 }),
      ]);
    }
  });

  it('find their comment and issue by the names the tools write', () => {
    expect(text('.github/workflows/plan.yml')).toContain(`startswith("${PLAN_COMMENT_MARKER}")`);
    expect(text('.github/workflows/drift.yml')).toContain(`TITLE: '${DRIFT_ISSUE_TITLE}'`);
  });
});
