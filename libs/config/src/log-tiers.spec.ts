import { exampleEnvironmentFile } from './example-environment';
import { loadEnvironment } from './loader';
import { loadIssues, writeEnvironmentFile } from './testing/load-issues';

/** The example production file with these component log tiers. */
function withTiers(componentLogs?: Record<string, number>) {
  const file = exampleEnvironmentFile();
  const observability = (file.observability ?? {}) as Record<string, unknown>;
  if (componentLogs) observability.componentLogs = componentLogs;
  file.observability = observability;
  return file;
}

const issues = (componentLogs: Record<string, number>) => loadIssues(withTiers(componentLogs));
describe('component log tiers', () => {
  it("default to the seeds' hot 7, warm 30 and cold 365 days in production", () => {
    expect(loadIssues(withTiers())).toEqual([]);
    expect(loadEnvironment(writeEnvironmentFile(withTiers())).observability.componentLogs).toEqual({
      hotDays: 7,
      warmDays: 30,
      coldDays: 365,
    });
  });

  it('refuse a cold tier at or before the Glacier transition', () => {
    expect(issues({ warmDays: 400, coldDays: 400 })).toEqual([
      expect.stringContaining(
        'observability.componentLogs.coldDays [log-tiers] is 400; it must be more than warmDays (400)',
      ),
    ]);
  });

  it('refuse a warm tier shorter than the hot one', () => {
    expect(issues({ hotDays: 14, warmDays: 10 })).toEqual([
      expect.stringContaining('observability.componentLogs.warmDays [log-tiers] is 10'),
    ]);
  });

  it('refuse a production archive kept less than a year', () => {
    expect(issues({ coldDays: 180 })).toEqual([
      expect.stringContaining(
        'observability.componentLogs.coldDays [production-log-archive] is 180; production keeps component logs at least 365 days',
      ),
    ]);
  });

  it('refuse a hot tier CloudWatch Logs does not offer', () => {
    expect(issues({ hotDays: 8 })).toEqual([
      expect.stringContaining('observability.componentLogs.hotDays'),
    ]);
  });
});
