import { NodeExecutionError } from '../definition/index.js';
import { PRIVATE_NETWORK_RANGES, describeRange, isPublicRange, type ClassifiedAddress } from './address-class.js';
import { DEPLOYMENT_ALLOW_SETTING, type AllowList } from './allow-list.js';
import { hostPortText, type Destination } from './host-pattern.js';

/** The step error code of a refused connection. */
export const EGRESS_BLOCKED = 'EGRESS_BLOCKED';

/** A destination whose address is known (resolved, or an IP literal). */
export interface ResolvedDestination extends Destination {
  readonly address: ClassifiedAddress;
}

/**
 * The egress rule: public unicast addresses are always allowed; a private-network address (RFC
 * 1918, unique-local, carrier-grade NAT) when the deployment's or the tenant's list names it; any
 * other address (loopback, link-local, unspecified, multicast, ...) only when the deployment's list
 * names it.
 */
export class EgressPolicy {
  /**
   * @param deployment the deployment's list (FLOWGATE_EGRESS_ALLOW)
   * @param tenantSetting how users reach the tenant's list, for refusal messages; undefined where
   *   there is none (the `flowgate run` command)
   */
  constructor(
    private readonly deployment: AllowList,
    private readonly tenantSetting?: string,
  ) {}

  /** Undefined when the connection may be made; otherwise the non-retryable step error refusing it. */
  refusal(destination: ResolvedDestination, tenant: AllowList | undefined): NodeExecutionError | undefined {
    const { range } = destination.address;
    if (isPublicRange(range)) return undefined;
    if (this.deployment.find(destination)) return undefined;
    const tenantMayOpen = PRIVATE_NETWORK_RANGES.has(range);
    if (tenantMayOpen && tenant?.find(destination)) return undefined;
    return blocked(destination, tenantMayOpen ? this.tenantSetting : undefined);
  }
}

function blocked(destination: ResolvedDestination, tenantSetting: string | undefined): NodeExecutionError {
  const { hostname, port, address } = destination;
  const hostPort = hostPortText(hostname, port);
  const target = hostname === address.address ? hostPort : `${hostPort} (${address.address})`;
  const entry = `"${hostPort}"`;
  const remedy =
    tenantSetting === undefined
      ? `Only the deployment's allow-list (${DEPLOYMENT_ALLOW_SETTING}) can open it, e.g. with ${entry}.`
      : `To allow it, add ${entry} to ${tenantSetting}, or ask the operator to add it to ${DEPLOYMENT_ALLOW_SETTING}.`;
  return new NodeExecutionError(`the connection to ${target} was blocked: ${address.address} is ${describeRange(address.range)}. ${remedy}`, {
    code: EGRESS_BLOCKED,
    retryable: false,
    details: { host: hostname, port, address: address.address, range: address.range },
  });
}
