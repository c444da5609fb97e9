import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { createDocument } from '../entity-execute.js';
import type { spec } from './spec.js';

/** Outputs the new purchase order with its lines. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const given = { orderDate: config.orderDate, requestedReceiptDate: config.requestedReceiptDate };
  const header = { ...config.moreFields, vendorNumber: config.vendorNumber, ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== '')) };
  const document = await createDocument(ctx, config, { entitySet: 'purchaseOrders', lines: 'purchaseOrderLines', priceField: 'directUnitCost' }, { header, lines: config.lines });
  return { output: document as never };
};
