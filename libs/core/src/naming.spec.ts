import { NameLimit, Naming } from './naming';

describe('Naming', () => {
  const naming = new Naming({ project: 'strata', name: 'prod' }, 'us-west-2');

  it('prefixes names with project, environment and region code', () => {
    expect(naming.prefix).toBe('strata-prod-usw2');
    expect(naming.name('vpc-flow-logs')).toBe('strata-prod-usw2-vpc-flow-logs');
  });

  it('makes bucket names globally unique with the account id', () => {
    expect(naming.bucketName('specs', '333333333333')).toBe('strata-prod-usw2-specs-333333333333');
  });

  it('refuses a name over the AWS limit, naming it', () => {
    expect(() => naming.name('an-application-load-balancer', NameLimit.SHORT)).toThrow(
      'Resource name "strata-prod-usw2-an-application-load-balancer" is 45 characters; the AWS limit is 32',
    );
  });

  it('refuses characters AWS does not accept', () => {
    expect(() => naming.name('Flow_Logs')).toThrow(
      'may hold only lowercase letters, digits and hyphens',
    );
  });
});
