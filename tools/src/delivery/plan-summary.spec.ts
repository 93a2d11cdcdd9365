import { driftReport } from './drift-report';
import { PLAN_COMMENT_MARKER, planComment, summarizePlan } from './plan-summary';

const plan = {
  resource_changes: [
    { address: 'aws_vpc.main', change: { actions: ['no-op'] } },
    { address: 'aws_subnet.a', change: { actions: ['create'] } },
    { address: 'aws_kms_key.logs', change: { actions: ['update'] } },
    { address: 'aws_route.old', change: { actions: ['delete'] } },
    { address: 'aws_nat_gateway.a', change: { actions: ['delete', 'create'] } },
    { address: 'data.aws_region.this', change: { actions: ['read'] } },
  ],
};

describe('summarizePlan', () => {
  it('counts creates, updates, deletes and replacements, listing only real changes', () => {
    expect(summarizePlan('network-dev-us-east-1', plan)).toEqual({
      stack: 'network-dev-us-east-1',
      add: 1,
      change: 1,
      destroy: 1,
      replace: 1,
      lines: ['+ aws_subnet.a', '~ aws_kms_key.logs', '- aws_route.old', '-/+ aws_nat_gateway.a'],
    });
  });
});

describe('planComment', () => {
  const context = { commit: '0123456789abcdef', runUrl: 'https://github.com/o/r/actions/runs/1' };

  it('starts with the marker the workflow finds its comment by, and flags destruction', () => {
    const body = planComment(
      [summarizePlan('network-dev-us-east-1', plan), summarizePlan('state-dev', {})],
      context,
    );
    expect(body.startsWith(`${PLAN_COMMENT_MARKER}\n### Terraform plan for 0123456`)).toBe(true);
    expect(body).toContain('**Destroys or replaces resources in `network-dev-us-east-1`.**');
    expect(body).toContain('| `network-dev-us-east-1` | 1 | 1 | 1 | 1 |');
    expect(body).toContain('| `state-dev` | 0 | 0 | 0 | 0 |');
    expect(body).toContain('-/+ aws_nat_gateway.a');
    expect(body).not.toContain('<code>state-dev</code>');
  });

  it('says so when no stack is affected', () => {
    expect(planComment([], context)).toContain('No stack is affected by this change.');
  });
});

describe('driftReport', () => {
  it('is empty when every stack is in sync', () => {
    expect(driftReport([{ stack: 'state-dev', exitCode: 0 }], 'u')).toBeUndefined();
  });

  it('lists drifted stacks with their changes and failed plans by exit code', () => {
    const body = driftReport(
      [
        { stack: 'state-dev', exitCode: 0 },
        {
          stack: 'network-dev-us-east-1',
          exitCode: 2,
          summary: summarizePlan('network-dev-us-east-1', plan),
        },
        { stack: 'data-dev-us-east-1', exitCode: 1 },
      ],
      'https://run',
    );
    expect(body).toContain('1 of 3 stacks drifted; 1 could not be planned ([run](https://run))');
    expect(body).toContain('#### `network-dev-us-east-1`');
    expect(body).toContain('~ aws_kms_key.logs');
    expect(body).toContain('**Plan failed:** `data-dev-us-east-1` (exit 1)');
  });
});
