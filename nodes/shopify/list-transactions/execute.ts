import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import { shopifyClient } from '../connection.js';
import type { spec } from './spec.js';

/** Kinds of transaction that take money a refund can return. */
const PAYMENTS = new Set(['sale', 'capture']);

/** Outputs `{ transactions, payments }`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const client = await shopifyClient(ctx, config);
  const response = await client.request({ method: 'GET', path: `orders/${config.orderId}/transactions.json` });
  const found = (response.body as { transactions?: unknown } | null)?.transactions;
  const transactions = Array.isArray(found) ? (found as { kind?: unknown; status?: unknown }[]) : [];
  return { output: { transactions, payments: transactions.filter((transaction) => PAYMENTS.has(String(transaction.kind)) && transaction.status === 'success') } };
};
