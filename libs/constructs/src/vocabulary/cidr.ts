/** IPv4 CIDR arithmetic, done at synth time so the subnet plan is deterministic and testable. */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** The prefix length (`/16` is 16). */
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,3})$/;

/** `a.b.c.d/n` read leniently (leading zeros, host bits), or why it is not a CIDR at all. */
function readCidr(text: string): Ipv4Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return 'must look like a.b.c.d/n';
  const octets = match.slice(1, 5).map((octet) => Number.parseInt(octet, 10));
  const prefixLength = Number.parseInt(match[5], 10);
  if (octets.some((octet) => octet > 255)) return 'has an octet above 255';
  if (prefixLength > 32) return 'has a prefix length above 32';
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  return { network: address - (address % blockSize(prefixLength)), prefixLength };
}

/**
 * The canonical spelling of a CIDR (no leading zeros, no host bits), or undefined when the
 * text is no CIDR at all. `10.010.0.0/16` and `10.10.0.1/16` both become `10.10.0.0/16`.
 */
export function canonicalCidr(text: string): string | undefined {
  const read = readCidr(text);
  return typeof read === 'string' ? undefined : formatCidr(read);
}

/**
 * Parses `a.b.c.d/n`; returns a reason string when the text is not a canonical IPv4 CIDR.
 * Only the canonical spelling is accepted: Terraform's parser refuses leading zeros, and a
 * range written with host bits would give the VPC one range and its subnets another.
 */
export function parseCidr(text: string): Ipv4Cidr | string {
  const read = readCidr(text);
  if (typeof read === 'string') return read;
  const canonical = formatCidr(read);
  return canonical === text ? read : `is not written canonically (did you mean ${canonical}?)`;
}

/** Parses a CIDR already known to be valid; throws otherwise. */
export function mustParseCidr(text: string): Ipv4Cidr {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') throw new Error(`CIDR ${text} ${parsed}`);
  return parsed;
}

/** The range as `a.b.c.d/n`. */
export function formatCidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefixLength}`;
}

function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

/** Whether two ranges share an address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + blockSize(a.prefixLength);
  const bEnd = b.network + blockSize(b.prefixLength);
  return a.network < bEnd && b.network < aEnd;
}

/** Same contract as Terraform's `cidrsubnet(prefix, newbits, netnum)`. */
export function cidrSubnet(parent: Ipv4Cidr, newBits: number, netNum: number): Ipv4Cidr {
  const prefixLength = parent.prefixLength + newBits;
  if (prefixLength > 32) throw new Error(`cannot add ${newBits} bits to /${parent.prefixLength}`);
  if (netNum < 0 || netNum >= 2 ** newBits) {
    throw new Error(`network number ${netNum} does not fit in ${newBits} bits`);
  }
  return { network: parent.network + netNum * blockSize(prefixLength), prefixLength };
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(mustParseCidr);

/** True when the whole block lies in RFC 1918 private address space. */
export function isPrivateCidr(cidr: Ipv4Cidr): boolean {
  return PRIVATE_RANGES.some(
    (range) =>
      cidr.prefixLength >= range.prefixLength &&
      cidr.network >= range.network &&
      cidr.network < range.network + blockSize(range.prefixLength),
  );
}
