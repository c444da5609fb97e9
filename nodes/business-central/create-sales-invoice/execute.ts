import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { createDocument } from '../entity-execute.js';
import type { spec } from './spec.js';

/** Outputs the new sales invoice with its lines. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const given = { externalDocumentNumber: config.externalDocumentNumber, invoiceDate: config.invoiceDate, dueDate: config.dueDate };
  const header = { ...config.moreFields, customerNumber: config.customerNumber, ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== '')) };
  const document = await createDocument(ctx, config, { entitySet: 'salesInvoices', lines: 'salesInvoiceLines', priceField: 'unitPrice' }, { header, lines: config.lines });
  return { output: document as never };
};
