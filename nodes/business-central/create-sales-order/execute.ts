import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { createDocument } from '../entity-execute.js';
import type { spec } from './spec.js';

/** Outputs the new sales order with its lines. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const given = { externalDocumentNumber: config.externalDocumentNumber, orderDate: config.orderDate, requestedDeliveryDate: config.requestedDeliveryDate };
  const header = { ...config.moreFields, customerNumber: config.customerNumber, ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== '')) };
  const document = await createDocument(ctx, config, { entitySet: 'salesOrders', lines: 'salesOrderLines', priceField: 'unitPrice' }, { header, lines: config.lines });
  return { output: document as never };
};
