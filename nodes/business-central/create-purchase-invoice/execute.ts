import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { createDocument } from '../entity-execute.js';
import type { spec } from './spec.js';

/** Outputs the new purchase invoice with its lines. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const given = { vendorInvoiceNumber: config.vendorInvoiceNumber, invoiceDate: config.invoiceDate, dueDate: config.dueDate };
  const header = { ...config.moreFields, vendorNumber: config.vendorNumber, ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== '')) };
  const document = await createDocument(ctx, config, { entitySet: 'purchaseInvoices', lines: 'purchaseInvoiceLines', priceField: 'unitCost' }, { header, lines: config.lines });
  return { output: document as never };
};
