import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWorkspaceRoot } from '@strata/config';
import { KAFKA_TOPICS } from '@strata/constructs/vocabulary';
import { PLATFORM_QUEUES } from '@strata/constructs/vocabulary';

const readme = readFileSync(join(findWorkspaceRoot(), 'docs', 'data.md'), 'utf8');
/** Table cells without the padding prettier adds. */
const rows = readme
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );

describe('docs/data.md tables', () => {
  it.each(KAFKA_TOPICS.map((topic) => [topic.name, topic]))('documents topic %s', (_, topic) => {
    expect(rows).toContainEqual([
      `\`${topic.name}\``,
      String(topic.partitions),
      `${topic.retentionHours} h`,
      topic.key,
      topic.consumers.join(', '),
    ]);
  });

  it.each(PLATFORM_QUEUES.map((queue) => [queue.name, queue]))('documents queue %s', (_, queue) => {
    expect(rows).toContainEqual([
      `\`${queue.name}\``,
      queue.fifo ? 'FIFO' : 'standard',
      `${queue.visibilityTimeoutSeconds} s`,
      `${queue.deliveryDelaySeconds} s`,
      queue.purpose,
    ]);
  });
});
