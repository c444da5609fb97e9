import { lookup as dnsLookup } from 'node:dns/promises';
import { buildConnector } from 'undici';
import { classifyIp, parseIp, type ClassifiedAddress } from './address-class.js';
import type { AllowList } from './allow-list.js';
import type { EgressPolicy } from './egress-policy.js';
import { normalizeHostname } from './host-pattern.js';

/** Resolves a host name to its addresses (`dns.lookup` with `all: true` by default; tests inject one). */
export type EgressLookup = (hostname: string) => Promise<readonly { readonly address: string }[]>;

/** The system resolver, addresses in the order it returns them. */
export const systemLookup: EgressLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Connection failures after which the next resolved address is tried. */
const TRY_NEXT_ADDRESS: ReadonlySet<string> = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** What a connector checks connections against. */
export interface GuardedConnectorOptions {
  readonly policy: EgressPolicy;
  /** The tenant's list, if the connections are a tenant's. */
  readonly tenantList: AllowList | undefined;
  readonly lookup: EgressLookup;
}

/**
 * An undici connector that resolves the host itself, checks every address against the policy and
 * connects to an allowed address by IP, so the address checked is the address connected to (no
 * window for DNS rebinding). IP literals are checked the same way. TLS still verifies the
 * certificate against the host name (undici derives the server name from the request's host).
 * A refused connection fails with the policy's `EGRESS_BLOCKED` error before any packet is sent.
 */
export function guardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const connect = buildConnector({});
  return (request, callback) => {
    const hostname = normalizeHostname(request.hostname);
    const port = request.port === '' ? (request.protocol === 'https:' ? 443 : 80) : Number(request.port);
    allowedAddresses(options, hostname, port).then(
      (addresses) => {
        const attempt = (index: number): void => {
          connect({ ...request, hostname: addresses[index] as string }, (...result) => {
            const [error] = result;
            const code = (error as { code?: unknown } | null)?.code;
            if (error !== null && index + 1 < addresses.length && typeof code === 'string' && TRY_NEXT_ADDRESS.has(code)) attempt(index + 1);
            else callback(...result);
          });
        };
        attempt(0);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}

/** The host's addresses the policy allows, in resolver order; rejects with the refusal when there are none. */
export async function allowedAddresses(options: GuardedConnectorOptions, hostname: string, port: number): Promise<string[]> {
  const literal = parseIp(hostname);
  const resolved: ClassifiedAddress[] = literal
    ? [classifyIp(literal)]
    : (await options.lookup(hostname)).flatMap(({ address }) => {
        const ip = parseIp(address);
        return ip === undefined ? [] : [classifyIp(ip)];
      });
  if (resolved.length === 0) throw new Error(`${hostname} did not resolve to any address`);
  const allowed: string[] = [];
  let firstRefusal: Error | undefined;
  for (const address of resolved) {
    const refusal = options.policy.refusal({ hostname, port, address }, options.tenantList);
    if (refusal === undefined) allowed.push(address.address);
    else firstRefusal ??= refusal;
  }
  if (allowed.length === 0) throw firstRefusal as Error;
  return allowed;
}
