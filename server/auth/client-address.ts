import ipaddr from 'ipaddr.js';

/**
 * The address a sign-in budget is kept for: an IPv4 address as it is (IPv4-mapped IPv6 included),
 * an IPv6 address by its /64 network, since one subscriber commonly holds a whole /64 and could
 * otherwise take a fresh budget for every guess.
 */
export function clientAddress(ip: string | undefined): string {
  if (ip === undefined || !ipaddr.isValid(ip)) return ip ?? 'unknown';
  const parsed = ipaddr.process(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}
