import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shipStationClient } from '../connection.js';
import type { spec } from './spec.js';

/** Outputs the shipment the label was bought for, the label included. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shipStationClient(ctx, config);
  const body = {
    orderId: Number(config.orderId),
    carrierCode: config.carrierCode,
    serviceCode: config.serviceCode,
    packageCode: config.packageCode,
    confirmation: config.confirmation,
    shipDate: config.shipDate,
    weight: config.weight,
    testLabel: config.testLabel,
  };
  const response = await client.request({ method: 'POST', path: 'orders/createlabelfororder', body });
  return { output: response.body };
};
