import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shipStationClient } from '../connection.js';
import type { spec } from './spec.js';

/** Outputs the order. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shipStationClient(ctx, config);
  const response = await client.request({ method: 'GET', path: `orders/${config.orderId}` });
  return { output: response.body };
};
