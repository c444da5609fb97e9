import type { BcValue } from './entities.js';

/** The price field of a lines set: what one unit costs on that kind of document. */
export const PRICE_FIELD: Readonly<Record<string, string>> = {
  salesOrderLines: 'unitPrice',
  salesInvoiceLines: 'unitPrice',
  salesCreditMemoLines: 'unitPrice',
  purchaseOrderLines: 'directUnitCost',
  purchaseInvoiceLines: 'unitCost',
};

const round = (value: number): number => Math.round(value * 100) / 100;

/** Sets a line's amounts from its quantity, price, discount and tax percent, as Business Central does. */
export function computeLine(line: Record<string, BcValue>, priceField: string): void {
  const quantity = Number(line.quantity);
  const price = Number(line[priceField]);
  const discountPercent = Number(line.discountPercent);
  const gross = quantity * price;
  const discount = round((gross * discountPercent) / 100);
  const net = round(gross - discount);
  const tax = round((net * Number(line.taxPercent)) / 100);
  Object.assign(line, {
    discountAmount: discount,
    amountExcludingTax: net,
    totalTaxAmount: tax,
    amountIncludingTax: round(net + tax),
    netAmount: net,
    netTaxAmount: tax,
    netAmountIncludingTax: round(net + tax),
  });
}

/** Sets a document's totals from its lines. */
export function computeTotals(document: Record<string, BcValue>, lines: readonly Record<string, BcValue>[]): void {
  const excluding = round(lines.reduce((sum, line) => sum + Number(line.amountExcludingTax), 0));
  const tax = round(lines.reduce((sum, line) => sum + Number(line.totalTaxAmount), 0));
  Object.assign(document, { totalAmountExcludingTax: excluding, totalTaxAmount: tax, totalAmountIncludingTax: round(excluding + tax) });
}
