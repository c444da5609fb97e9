import ipaddr from 'ipaddr.js';

/** An IP address as the guard reasons about it: IPv4-mapped IPv6 already unwrapped to IPv4. */
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** The special-purpose range an address is in (ipaddr.js's names), `unicast` for public addresses. */
export type AddressRange = ReturnType<ipaddr.IPv4['range']> | ReturnType<ipaddr.IPv6['range']> | 'ipv4Compatible';

/** An address with its range. */
export interface ClassifiedAddress {
  /** Canonical text: dotted decimal for IPv4 (also when it arrived IPv4-mapped), RFC 5952 for IPv6. */
  readonly address: string;
  readonly ip: IpAddress;
  readonly range: AddressRange;
}

/**
 * Private-network ranges a workspace's own allow-list may open (an ERP on the customer's network
 * over a VPN): RFC 1918, IPv6 unique-local (fc00::/7) and carrier-grade NAT (RFC 6598). Every other
 * non-public range — loopback, link-local (cloud metadata), unspecified, multicast, broadcast,
 * reserved, the IPv6 transition ranges — only the deployment's allow-list can open.
 */
export const PRIVATE_NETWORK_RANGES: ReadonlySet<AddressRange> = new Set(['private', 'uniqueLocal', 'carrierGradeNat']);

/**
 * Parses an IP address written the canonical way: IPv4 as four decimal parts, IPv6 with or without
 * brackets. Anything else (names, `127.1`, `0x7f.1`) is not an address here; URL parsing has already
 * turned those IPv4 spellings into dotted decimal by the time a host reaches the guard.
 */
export function parseIp(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (ipaddr.IPv4.isValidFourPartDecimal(bare)) return ipaddr.IPv4.parse(bare);
  if (ipaddr.IPv6.isValid(bare)) return unwrapMapped(ipaddr.IPv6.parse(bare));
  return undefined;
}

/** The range of an address; IPv4-mapped IPv6 (`::ffff:127.0.0.1`) counts as the IPv4 address it carries. */
export function classifyIp(ip: IpAddress): ClassifiedAddress {
  const unwrapped = ip.kind() === 'ipv6' ? unwrapMapped(ip as ipaddr.IPv6) : ip;
  if (unwrapped.kind() === 'ipv4') return { address: unwrapped.toString(), ip: unwrapped, range: unwrapped.range() };
  const v6 = unwrapped as ipaddr.IPv6;
  return { address: v6.toRFC5952String(), ip: v6, range: isIpv4Compatible(v6) ? 'ipv4Compatible' : v6.range() };
}

/** Whether the range is an ordinary public address. */
export function isPublicRange(range: AddressRange): boolean {
  return range === 'unicast';
}

/** Words for a range, for refusal messages: "127.0.0.1 is a loopback address". */
export function describeRange(range: AddressRange): string {
  switch (range) {
    case 'loopback':
      return 'a loopback address (this machine)';
    case 'private':
      return 'a private-network address (RFC 1918)';
    case 'uniqueLocal':
      return 'a private-network IPv6 address (unique-local, fc00::/7)';
    case 'carrierGradeNat':
      return 'a carrier-grade NAT address (100.64.0.0/10)';
    case 'linkLocal':
      return 'a link-local address (where cloud metadata services answer)';
    case 'unspecified':
      return 'the unspecified address (it reaches this machine)';
    case 'multicast':
      return 'a multicast address';
    case 'broadcast':
      return 'the broadcast address';
    case 'unicast':
      return 'a public address';
    default:
      return `a special-purpose address (${range})`;
  }
}

function unwrapMapped(ip: ipaddr.IPv6): IpAddress {
  return ip.isIPv4MappedAddress() ? ip.toIPv4Address() : ip;
}

/**
 * The deprecated IPv4-compatible form `::a.b.c.d` (RFC 4291 §2.5.5.1). ipaddr.js calls it unicast,
 * but it embeds an IPv4 address and no public host has one, so it is refused like the other
 * transition forms.
 */
function isIpv4Compatible(ip: ipaddr.IPv6): boolean {
  return ip.parts.slice(0, 6).every((part) => part === 0) && ip.range() === 'unicast';
}
