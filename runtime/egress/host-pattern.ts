import ipaddr from 'ipaddr.js';
import { classifyIp, parseIp, type ClassifiedAddress, type IpAddress } from './address-class.js';

/** Which hosts a pattern names. */
export type HostMatcher =
  | { readonly kind: 'name'; readonly name: string }
  /** `*.example.com`: every name below example.com, not example.com itself. */
  | { readonly kind: 'suffix'; readonly suffix: string }
  /** An address (`10.0.0.5`, `[fd00::1]`) or a network in CIDR notation (`10.0.0.0/8`, `[fd00::/8]`). */
  | { readonly kind: 'network'; readonly ip: IpAddress; readonly bits: number };

/** A parsed `host[:port]` pattern of an allow-list or of a credential's hosts. */
export interface HostPattern {
  /** The pattern in canonical form, as lists store and show it. */
  readonly text: string;
  readonly host: HostMatcher;
  /** A port, `*` for any; undefined where the port may be left out (then any port). */
  readonly port: number | '*' | undefined;
}

/** Where a request goes: the URL's host name and port, and, once resolved, the address connected to. */
export interface Destination {
  /** Lowercase, without brackets or a trailing dot (see {@link normalizeHostname}). */
  readonly hostname: string;
  readonly port: number;
  readonly address?: ClassifiedAddress;
}

/** A pattern that cannot be parsed; the message says what is wrong with it. */
export class HostPatternError extends Error {
  override readonly name = 'HostPatternError';
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Parses `host:port` where host is a name (`erp.example.com`), `*.suffix`, an IP address
 * (`10.0.0.5`, `[fd00::1]`) or a CIDR network (`10.0.0.0/8`, `[fd00::/8]`), and port a number or
 * `*`. With `portRequired: false` the port may be left out, meaning any port. Throws
 * {@link HostPatternError}.
 */
export function parseHostPattern(raw: string, options: { readonly portRequired: boolean }): HostPattern {
  const text = raw.trim().toLowerCase();
  if (text === '') throw new HostPatternError('is empty');
  const { hostPart, portPart, bracketed } = splitHostPort(text);
  const port = parsePort(portPart, options.portRequired, hostPart);
  const host = parseHost(hostPart, bracketed);
  const hostText = host.kind === 'name' ? host.name : host.kind === 'suffix' ? `*.${host.suffix}` : networkText(host.ip, host.bits);
  return { text: port === undefined ? hostText : `${hostText}:${port}`, host, port };
}

/** Whether the destination is one the pattern names (names match the URL's host, networks the address). */
export function matchesHost(pattern: HostPattern, destination: Destination): boolean {
  if (pattern.port !== undefined && pattern.port !== '*' && pattern.port !== destination.port) return false;
  const { host } = pattern;
  switch (host.kind) {
    case 'name':
      return destination.hostname === host.name;
    case 'suffix':
      return destination.hostname.endsWith(`.${host.suffix}`);
    case 'network': {
      const address = destination.address ?? literalAddress(destination.hostname);
      return address !== undefined && address.ip.kind() === host.ip.kind() && address.ip.match(host.ip, host.bits);
    }
  }
}

/** A URL host name as patterns compare it: lowercase, without IPv6 brackets or a trailing dot. */
export function normalizeHostname(hostname: string): string {
  const lower = hostname.toLowerCase();
  const bare = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  return bare.endsWith('.') ? bare.slice(0, -1) : bare;
}

/** The port a URL connects to: its own, or the scheme's default. */
export function urlPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** `host:port` for messages and suggested allow-list entries, IPv6 in brackets. */
export function hostPortText(hostname: string, port: number): string {
  return `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
}

function literalAddress(hostname: string): ClassifiedAddress | undefined {
  const ip = parseIp(hostname);
  return ip === undefined ? undefined : classifyIp(ip);
}

function splitHostPort(text: string): { hostPart: string; portPart: string | undefined; bracketed: boolean } {
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) throw new HostPatternError('opens "[" without closing it');
    const rest = text.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) throw new HostPatternError('has something other than ":port" after "]"');
    return { hostPart: text.slice(1, end), portPart: rest === '' ? undefined : rest.slice(1), bracketed: true };
  }
  const colon = text.lastIndexOf(':');
  if (colon !== text.indexOf(':')) throw new HostPatternError('has several ":"; write IPv6 addresses in brackets, e.g. [fd00::1]:443');
  return colon < 0 ? { hostPart: text, portPart: undefined, bracketed: false } : { hostPart: text.slice(0, colon), portPart: text.slice(colon + 1), bracketed: false };
}

function parsePort(portPart: string | undefined, required: boolean, hostPart: string): number | '*' | undefined {
  if (portPart === undefined) {
    if (required) throw new HostPatternError(`needs a port: "${hostPart}:443" for one port, "${hostPart}:*" for any`);
    return undefined;
  }
  if (portPart === '*') return '*';
  const port = /^\d{1,5}$/.test(portPart) ? Number(portPart) : Number.NaN;
  if (!(port >= 1 && port <= 65_535)) throw new HostPatternError(`has the port "${portPart}"; a port is a number from 1 to 65535, or *`);
  return port;
}

function parseHost(hostPart: string, bracketed: boolean): HostMatcher {
  if (hostPart.includes('/')) return parseNetwork(hostPart);
  const ip = parseIp(hostPart);
  if (ip !== undefined) return { kind: 'network', ip, bits: ip.kind() === 'ipv4' ? 32 : 128 };
  if (bracketed) throw new HostPatternError(`has "[${hostPart}]", which is not an IPv6 address`);
  if (hostPart === '*') throw new HostPatternError('names every host; name the hosts, a *.suffix or a network (CIDR)');
  if (hostPart.startsWith('*.')) return { kind: 'suffix', suffix: parseName(hostPart.slice(2), hostPart) };
  return { kind: 'name', name: parseName(hostPart, hostPart) };
}

function parseNetwork(hostPart: string): HostMatcher {
  const valid = ipaddr.IPv4.isValidCIDRFourPartDecimal(hostPart) || ipaddr.IPv6.isValidCIDR(hostPart);
  if (!valid) throw new HostPatternError(`has "${hostPart}", which is not a network in CIDR notation such as 10.0.0.0/8 or [fd00::/8]`);
  const [ip, bits] = ipaddr.parseCIDR(hostPart);
  return { kind: 'network', ip, bits };
}

function parseName(name: string, original: string): string {
  let normalized: string;
  try {
    normalized = normalizeHostname(new URL(`http://${name}/`).hostname);
  } catch {
    throw new HostPatternError(`has "${original}", which is not a host name`);
  }
  if (parseIp(normalized) !== undefined) {
    throw new HostPatternError(`has "${original}", an IP address in an unusual spelling; write it as ${normalized}`);
  }
  if (!HOST_NAME.test(normalized)) throw new HostPatternError(`has "${original}", which is not a host name`);
  return normalized;
}

function networkText(ip: IpAddress, bits: number): string {
  const full = ip.kind() === 'ipv4' ? 32 : 128;
  const address = ip.kind() === 'ipv4' ? ip.toString() : (ip as ipaddr.IPv6).toRFC5952String();
  const text = bits === full ? address : `${address}/${bits}`;
  return ip.kind() === 'ipv6' ? `[${text}]` : text;
}
