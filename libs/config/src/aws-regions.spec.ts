import { isKnownRegion, regionCode } from './aws-regions';

describe('AWS regions', () => {
  it.each([
    ['us-east-1', 'use1'],
    ['us-west-2', 'usw2'],
    ['eu-central-1', 'euc1'],
    ['ap-southeast-2', 'apse2'],
    ['ap-northeast-1', 'apne1'],
    // As the zone IDs of these regions start.
    ['us-gov-west-1', 'usgw1'],
    ['cn-northwest-1', 'cnnw1'],
  ])('abbreviates %s as %s', (region, code) => {
    expect(regionCode(region)).toBe(code);
  });

  it('tells real regions from typos', () => {
    expect(isKnownRegion('eu-west-1')).toBe(true);
    expect(isKnownRegion('eu-west-9')).toBe(false);
    expect(isKnownRegion('toString')).toBe(false);
  });
});
