import ipaddr from 'ipaddr.js';
import { PRIVATE_NETWORK_RANGES, classifyIp, describeRange, type IpAddress } from './address-class.js';
import { HostPatternError, matchesHost, parseHostPattern, type Destination, type HostPattern } from './host-pattern.js';

/**
 * Whose list it is. The deployment's list (FLOWGATE_EGRESS_ALLOW) may open any address; a
 * workspace's list only private networks (see {@link PRIVATE_NETWORK_RANGES}).
 */
export type AllowListScope = 'deployment' | 'tenant';

/** The environment variable holding the deployment's allow-list. */
export const DEPLOYMENT_ALLOW_SETTING = 'FLOWGATE_EGRESS_ALLOW';

/** An entry that cannot be used, with its position (0-based) and what is wrong with it. */
export class AllowListError extends Error {
  override readonly name = 'AllowListError';
  constructor(
    readonly index: number,
    readonly entry: string,
    readonly problem: string,
  ) {
    super(`the entry "${entry}" ${problem}`);
  }
}

/** The most entries one list holds: it is checked on every connection to a non-public address. */
export const MAX_ALLOW_LIST_ENTRIES = 200;

/** Parsed `host:port` patterns that open non-public addresses to outbound requests. */
export class AllowList {
  private constructor(
    readonly scope: AllowListScope,
    readonly patterns: readonly HostPattern[],
  ) {}

  /**
   * Parses entries, each `host:port` (see {@link parseHostPattern}). A tenant's list may not name
   * addresses outside private networks: those it could never open. Throws {@link AllowListError}.
   */
  static parse(entries: readonly string[], scope: AllowListScope): AllowList {
    if (entries.length > MAX_ALLOW_LIST_ENTRIES) {
      throw new AllowListError(MAX_ALLOW_LIST_ENTRIES, entries[MAX_ALLOW_LIST_ENTRIES] ?? '', `is one too many; a list holds at most ${MAX_ALLOW_LIST_ENTRIES} entries`);
    }
    const patterns = entries.map((entry, index) => {
      let pattern: HostPattern;
      try {
        pattern = parseHostPattern(entry, { portRequired: true });
      } catch (error) {
        if (error instanceof HostPatternError) throw new AllowListError(index, entry, error.message);
        throw error;
      }
      if (scope === 'tenant' && pattern.host.kind === 'network') {
        const outside = outsidePrivateNetworks(pattern.host.ip, pattern.host.bits);
        if (outside !== undefined) {
          throw new AllowListError(
            index,
            entry,
            `covers ${outside}; a workspace's allow-list can open private networks only (RFC 1918, fc00::/7, 100.64.0.0/10). ` +
              'Loopback, link-local and other special addresses can only be opened by the deployment (FLOWGATE_EGRESS_ALLOW); public addresses need no entry',
          );
        }
      }
      return pattern;
    });
    return new AllowList(scope, patterns);
  }

  /** An empty list. */
  static empty(scope: AllowListScope): AllowList {
    return new AllowList(scope, []);
  }

  /** The first pattern naming the destination, if any. */
  find(destination: Destination): HostPattern | undefined {
    return this.patterns.find((pattern) => matchesHost(pattern, destination));
  }

  /** The entries in canonical form. */
  get entries(): string[] {
    return this.patterns.map((pattern) => pattern.text);
  }
}

/**
 * Splits FLOWGATE_EGRESS_ALLOW-style text into entries: separated by commas and/or white space.
 */
export function splitAllowListText(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
}

/**
 * How a network reaches outside the private ranges, or undefined when it lies within them: checked
 * on its first and last address (the private ranges are CIDR blocks, so a CIDR network that starts
 * and ends inside them lies wholly inside one).
 */
function outsidePrivateNetworks(ip: IpAddress, bits: number): string | undefined {
  const cidr = `${ip.toString()}/${bits}`;
  const first = classifyIp(ip.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr));
  const last = classifyIp(ip.kind() === 'ipv4' ? ipaddr.IPv4.broadcastAddressFromCIDR(cidr) : ipaddr.IPv6.broadcastAddressFromCIDR(cidr));
  for (const end of [first, last]) {
    if (!PRIVATE_NETWORK_RANGES.has(end.range)) return `${end.address}, ${describeRange(end.range)}`;
  }
  return undefined;
}
