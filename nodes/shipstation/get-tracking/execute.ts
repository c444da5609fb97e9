import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shipStationClient } from '../connection.js';
import type { spec } from './spec.js';

interface Tracking {
  readonly status?: unknown;
  readonly estimatedDeliveryDate?: unknown;
  readonly actualDeliveryDate?: unknown;
}

/** Whether the shipment is in transit past its estimate, or was delivered after it. */
function isLate(tracking: Tracking, now: Date): boolean {
  const estimate = typeof tracking.estimatedDeliveryDate === 'string' ? Date.parse(tracking.estimatedDeliveryDate) : Number.NaN;
  if (Number.isNaN(estimate)) return false;
  if (tracking.status === 'in_transit') return now.getTime() > estimate;
  const delivered = typeof tracking.actualDeliveryDate === 'string' ? Date.parse(tracking.actualDeliveryDate) : Number.NaN;
  return tracking.status === 'delivered' && delivered > estimate;
}

/** Outputs the tracking, with `late`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shipStationClient(ctx, config);
  const response = await client.request({ method: 'GET', path: `shipments/${config.shipmentId}/tracking` });
  const tracking = (response.body ?? {}) as Tracking & Record<string, unknown>;
  return { output: { ...tracking, late: isLate(tracking, ctx.clock.now()) } };
};
