import { cidrsOverlap, mustParseCidr } from '../vocabulary/cidr';
import { planSubnets } from './subnet-plan';

describe('planSubnets', () => {
  it('gives a /16 three tiers of subnets per AZ', () => {
    expect(planSubnets('10.0.0.0/16', 3)).toEqual({
      private: ['10.0.0.0/19', '10.0.32.0/19', '10.0.64.0/19'],
      data: ['10.0.192.0/22', '10.0.196.0/22', '10.0.200.0/22'],
      public: ['10.0.224.0/22', '10.0.228.0/22', '10.0.232.0/22'],
    });
  });

  it('never moves an existing subnet when an AZ is added', () => {
    const two = planSubnets('10.20.0.0/16', 2);
    const three = planSubnets('10.20.0.0/16', 3);
    for (const tier of ['public', 'private', 'data'] as const) {
      expect(three[tier].slice(0, 2)).toEqual(two[tier]);
    }
  });

  it('keeps every subnet inside the VPC and disjoint from the others, up to 6 AZs and /20', () => {
    const plan = planSubnets('172.16.0.0/20', 6);
    const all = [...plan.public, ...plan.private, ...plan.data].map(mustParseCidr);
    const vpc = mustParseCidr('172.16.0.0/20');
    expect(all.every((subnet) => cidrsOverlap(subnet, vpc) && subnet.prefixLength <= 26)).toBe(
      true,
    );
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(cidrsOverlap(a, b)).toBe(false)));
  });

  it('rejects an AZ count it cannot plan', () => {
    expect(() => planSubnets('10.0.0.0/16', 7)).toThrow(
      'azCount must be an integer from 1 to 6, got 7',
    );
  });
});
