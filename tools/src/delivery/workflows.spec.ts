import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findWorkspaceRoot } from '@strata/config';
import { DRIFT_ISSUE_TITLE } from './drift-report';
import { PLAN_COMMENT_MARKER } from './plan-summary';

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
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const granted = Object.entries(job.permissions ?? {}).filter(
          ([, level]) => level === 'write',
        );
        // Only the release writes to the repository (its version commit and its tags), and
        // only the docs deploy to Pages.
        const writable = ['id-token', 'pull-requests', 'issues', 'deployments']
          .concat(
            file === '.github/workflows/release.yml' && name === 'release' ? ['contents'] : [],
          )
          .concat(file === '.github/workflows/docs.yml' && name === 'deploy' ? ['pages'] : []);
        for (const [scope] of granted)
          expect([file, name, writable.includes(scope)]).toEqual([file, name, true]);
      }
    }
  });

  it('group runs per workflow, never per stack: no plan or drift can cancel or replace an apply', () => {
    const groups = new Map<string, string>();
    for (const file of files.filter((f) => f.includes('workflows'))) {
      const workflow = parse(text(file)) as {
        concurrency?: { group: string; 'cancel-in-progress': boolean };
        jobs: Record<string, Job>;
      };
      // GitHub keeps one pending run per group: a job-level group shared by several
      // workflows lets one replace another's pending job.
      for (const [name, job] of Object.entries(workflow.jobs))
        expect([file, name, job.concurrency]).toEqual([file, name, undefined]);
      if (workflow.concurrency) groups.set(file, workflow.concurrency.group);
    }
    const apply = parse(text('.github/workflows/apply.yml')) as {
      concurrency: { group: string; 'cancel-in-progress': boolean };
    };
    expect(apply.concurrency).toEqual({ group: 'apply-main', 'cancel-in-progress': false });
    const shared = [...groups].filter(
      ([file, group]) => file !== '.github/workflows/apply.yml' && group.startsWith('apply-main'),
    );
    expect(shared).toEqual([]);
  });

  it('upload no plan file and no plan JSON (they hold secret values in clear)', () => {
    let uploadCount = 0;
    for (const file of files) {
      const uploads = [
        ...text(file).matchAll(/upload-artifact@[\s\S]*?path:([\s\S]*?)\n\s*retention/g),
      ];
      for (const [, paths] of uploads) {
        uploadCount += 1;
        expect([file, paths]).toEqual([file, expect.not.stringMatching(/\.tfplan|plan\.json/)]);
      }
    }
    expect(uploadCount).toBe(2); // the pull request's summaries and the drift results
  });

  it('assume apply roles only in the one job behind the environment approval, per stack', () => {
    const appliers: string[] = [];
    for (const file of files.filter((f) => f.includes('workflows'))) {
      const workflow = parse(text(file)) as {
        jobs: Record<string, Job & { environment?: string; steps?: unknown[] }>;
      };
      for (const [name, job] of Object.entries(workflow.jobs)) {
        const steps = JSON.stringify(job.steps ?? []);
        if (!steps.includes('applyRoleArn') && !steps.includes('main.js apply')) continue;
        appliers.push(`${file} ${name} ${job.environment}`);
        // No role for the whole job: main.js assumes each stack's layer role itself.
        expect(steps).not.toContain('role-arn');
      }
    }
    expect(appliers).toEqual([
      '.github/workflows/environment-apply.yml apply ${{ inputs.environment }}',
    ]);
  });

  it('alert the alarm topics on a failed apply or soak and on drift', () => {
    const environment = parse(text('.github/workflows/environment-apply.yml')) as {
      jobs: Record<string, { if?: string; needs?: string[] }>;
    };
    expect(environment.jobs.alert).toMatchObject({
      if: 'failure()',
      needs: ['soak', 'preview', 'apply'],
    });
    expect(text('.github/workflows/environment-apply.yml')).toContain('main.js alert');
    expect(text('.github/workflows/drift.yml')).toContain(
      'main.js alert --environment "$ENVIRONMENT" --kind drift',
    );
  });

  it('select on main against the last successful apply, not the previous push', () => {
    const apply = text('.github/workflows/apply.yml');
    expect(apply).toContain('main.js select --applied');
    expect(apply).not.toContain('github.event.before');
  });

  it('find their comment and issue by the names the tools write', () => {
    expect(text('.github/workflows/plan.yml')).toContain(`startswith("${PLAN_COMMENT_MARKER}")`);
    expect(text('.github/workflows/drift.yml')).toContain(`TITLE: '${DRIFT_ISSUE_TITLE}'`);
  });
});
