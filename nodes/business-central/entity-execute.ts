import type { z } from 'zod';
import type { NodeExecute } from '../../runtime/definition/index.js';
import type { listConfig } from './bc-spec.js';
import { bcClient, type BcConnection } from './connection.js';

/** The execute of a list operation of `entitySet`: outputs `{ records, count, truncated }`. */
export function listEntities(entitySet: string): NodeExecute<z.output<typeof listConfig>> {
  return async (ctx, config) => {
    const { records, truncated } = await bcClient(ctx, config).list(entitySet, { filter: config.filter, orderBy: config.orderBy, maxItems: config.maxItems });
    return { output: { records, count: records.length, truncated } };
  };
}

/** The execute of a get operation of `entitySet` (with `lines` expanded when asked): outputs the record. */
export function getEntity(entitySet: string, lines?: string): NodeExecute<BcConnection & { id: string; withLines?: boolean }> {
  return async (ctx, config) => ({
    output: (await bcClient(ctx, config).get(`${entitySet}(${config.id})`, lines !== undefined && config.withLines === true ? lines : undefined)) as never,
  });
}

/** A document to create: its header fields and lines, the price going to `priceField` of each line. */
export interface NewDocument {
  readonly header: Readonly<Record<string, string | number | boolean>>;
  readonly lines: readonly { itemNumber: string; quantity: number; price?: number; description?: string; locationId?: string }[];
}

/**
 * Creates a document of `entitySet` and its `lines` one request each (Business Central's API
 * takes lines on their own endpoint). Each request carries its own idempotency key derived from
 * the step's (`<key>`, `<key>:line:<n>`), so a step repeated after a crash creates neither the
 * document nor a line twice. Outputs the document with its lines.
 */
export async function createDocument(
  ctx: Parameters<NodeExecute<unknown>>[0],
  connection: BcConnection,
  sets: { entitySet: string; lines: string; priceField: string },
  document: NewDocument,
): Promise<unknown> {
  const client = bcClient(ctx, connection);
  const created = (await client.create(sets.entitySet, document.header, ctx.idempotencyKey)) as { id: string };
  for (const [index, line] of document.lines.entries()) {
    const body = {
      lineType: 'Item',
      lineObjectNumber: line.itemNumber,
      quantity: line.quantity,
      ...(line.price === undefined ? {} : { [sets.priceField]: line.price }),
      ...(line.description === undefined ? {} : { description: line.description }),
      ...(line.locationId === undefined ? {} : { locationId: line.locationId }),
    };
    await client.create(`${sets.entitySet}(${created.id})/${sets.lines}`, body, `${ctx.idempotencyKey}:line:${index + 1}`);
  }
  return client.get(`${sets.entitySet}(${created.id})`, sets.lines);
}
