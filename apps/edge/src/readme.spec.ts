import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { HEALTH_CHECK_FAILURE_THRESHOLD, HEALTH_CHECK_INTERVAL_SECONDS } from '@strata/constructs';

const readme = readFileSync(join(findWorkspaceRoot(), 'docs', 'edge.md'), 'utf8');

describe('docs/edge.md failover path', () => {
  it('states the health-check timing the edge stacks synthesize', () => {
    const detection = HEALTH_CHECK_INTERVAL_SECONDS * HEALTH_CHECK_FAILURE_THRESHOLD;
    expect(readme).toContain(
      `H1 turns unhealthy after ${HEALTH_CHECK_FAILURE_THRESHOLD} x ${HEALTH_CHECK_INTERVAL_SECONDS} s = ${detection} s`,
    );
    expect(readme).toContain(
      `every ${HEALTH_CHECK_INTERVAL_SECONDS} s, unhealthy after ${HEALTH_CHECK_FAILURE_THRESHOLD} failures`,
    );
    // The seeds promise failover within 90 seconds of a regional outage.
    expect(detection).toBeLessThanOrEqual(90);
  });
});
