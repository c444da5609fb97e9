import { once } from 'node:events';
import type { Response } from 'express';

/**
 * Streams pages of items as NDJSON (one JSON document per line): `nextPage` is asked for the page
 * after the last item written until it answers an empty one; a slow reader holds the writing back
 * (the socket's drain), so a long export never sits in memory whole.
 */
export async function streamNdjson<T>(res: Response, filename: string, nextPage: (last: T | undefined) => readonly T[] | Promise<readonly T[]>): Promise<void> {
  res.status(200).type('application/x-ndjson').setHeader('content-disposition', `attachment; filename="${filename}"`);
  let last: T | undefined;
  for (let page = await nextPage(undefined); page.length > 0; page = await nextPage(last)) {
    const text = page.map((item) => `${JSON.stringify(item)}\n`).join('');
    last = page[page.length - 1];
    if (!res.write(text)) await once(res, 'drain');
    if (res.destroyed) return;
  }
  res.end();
}
