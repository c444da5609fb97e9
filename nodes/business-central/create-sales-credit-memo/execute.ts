import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { createDocument } from '../entity-execute.js';
import type { spec } from './spec.js';

/** Outputs the new sales credit memo with its lines. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const given = { externalDocumentNumber: config.externalDocumentNumber, invoiceNumber: config.invoiceNumber, creditMemoDate: config.creditMemoDate };
  const header = { ...config.moreFields, customerNumber: config.customerNumber, ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== '')) };
  const document = await createDocument(ctx, config, { entitySet: 'salesCreditMemos', lines: 'salesCreditMemoLines', priceField: 'unitPrice' }, { header, lines: config.lines });
  return { output: document as never };
};
