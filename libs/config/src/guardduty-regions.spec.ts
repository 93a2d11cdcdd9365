import { partitionOfRegion } from '@strata/constructs/vocabulary';
import { DEFAULT_ENABLED_REGIONS, isKnownRegion } from './aws-regions';
import { exampleEnvironmentFile } from './example-environment';
import { loadEnvironment } from './loader';
import { loadIssues, writeEnvironmentFile } from './testing/load-issues';

/** The example production file, with these GuardDuty regions where given. */
function file(changes: {
  primary?: string;
  secondary?: string | null;
  guardDutyRegions?: string[];
}) {
  const environment = exampleEnvironmentFile();
  const observability = (environment.observability ?? {}) as Record<string, unknown>;
  if (changes.guardDutyRegions) observability.guardDutyRegions = changes.guardDutyRegions;
  environment.observability = observability;
  return environment;
}

describe('GuardDuty regions', () => {
  it("default to every region AWS enables by default in the primary region's partition", () => {
    const regionsOf = (changes: Parameters<typeof file>[0]) =>
      loadEnvironment(writeEnvironmentFile(file(changes))).observability.guardDutyRegions;
    expect(regionsOf({})).toEqual([...DEFAULT_ENABLED_REGIONS.aws]);
    expect(regionsOf({})).toHaveLength(17);
    // Each is a region Strata knows, listed under its own partition.
    for (const [partition, regions] of Object.entries(DEFAULT_ENABLED_REGIONS))
      for (const region of regions) {
        expect(isKnownRegion(region)).toBe(true);
        expect(partitionOfRegion(region)).toBe(partition);
      }
  });

  it('refuse an unknown region, one of another partition, and a repeated one, naming each', () => {
    expect(
      loadIssues(file({ guardDutyRegions: ['eu-west-1', 'eu-west-9', 'cn-north-1', 'eu-west-1'] })),
    ).toEqual([
      expect.stringContaining(
        'observability.guardDutyRegions[1] [known-region] "eu-west-9" is not an AWS region Strata knows',
      ),
      expect.stringContaining(
        'observability.guardDutyRegions[2] [guard-duty-partition] "cn-north-1" is in the aws-cn partition and the primary region in aws',
      ),
      expect.stringContaining(
        'observability.guardDutyRegions[3] [distinct-regions] "eu-west-1" is listed twice',
      ),
    ]);
  });
});
