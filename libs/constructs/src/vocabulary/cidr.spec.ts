import {
  cidrSubnet,
  cidrsOverlap,
  formatCidr,
  isPrivateCidr,
  mustParseCidr,
  parseCidr,
} from './cidr';

describe('CIDR arithmetic', () => {
  it('parses and formats a canonical CIDR', () => {
    expect(formatCidr(mustParseCidr('10.1.0.0/16'))).toBe('10.1.0.0/16');
  });

  it.each([
    ['10.0.0/16', 'must look like a.b.c.d/n'],
    ['10.0.0.256/24', 'has an octet above 255'],
    ['10.0.0.0/33', 'has a prefix length above 32'],
    ['10.0.0.1/16', 'is not written canonically (did you mean 10.0.0.0/16?)'],
    ['10.010.0.0/16', 'is not written canonically (did you mean 10.10.0.0/16?)'],
    ['10.10.0.0/016', 'is not written canonically (did you mean 10.10.0.0/16?)'],
  ])('rejects %s', (text, reason) => {
    expect(parseCidr(text)).toBe(reason);
  });

  it('detects overlap in both directions and adjacency as disjoint', () => {
    const a = mustParseCidr('10.0.0.0/16');
    expect(cidrsOverlap(a, mustParseCidr('10.0.128.0/17'))).toBe(true);
    expect(cidrsOverlap(mustParseCidr('10.0.128.0/17'), a)).toBe(true);
    expect(cidrsOverlap(a, mustParseCidr('10.1.0.0/16'))).toBe(false);
  });

  it('computes subnets like terraform cidrsubnet()', () => {
    const vpc = mustParseCidr('10.0.0.0/16');
    expect(formatCidr(cidrSubnet(vpc, 3, 0))).toBe('10.0.0.0/19');
    expect(formatCidr(cidrSubnet(vpc, 3, 7))).toBe('10.0.224.0/19');
    expect(formatCidr(cidrSubnet(cidrSubnet(vpc, 3, 6), 3, 2))).toBe('10.0.200.0/22');
    expect(() => cidrSubnet(vpc, 3, 8)).toThrow('does not fit in 3 bits');
  });

  it('knows RFC 1918 ranges', () => {
    expect(isPrivateCidr(mustParseCidr('172.16.0.0/12'))).toBe(true);
    expect(isPrivateCidr(mustParseCidr('192.168.10.0/24'))).toBe(true);
    expect(isPrivateCidr(mustParseCidr('172.32.0.0/16'))).toBe(false);
    expect(isPrivateCidr(mustParseCidr('8.0.0.0/16'))).toBe(false);
  });
});
