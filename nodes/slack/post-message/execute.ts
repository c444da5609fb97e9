import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import type { ApiSystem } from '../../connector-kit/client/api-client.js';
import { postToWebhook } from '../../connector-kit/client/webhook-client.js';
import type { spec } from './spec.js';

/** Slack's webhook refusals are plain-text reason codes: `channel_is_archived`, `no_text`, `invalid_token`, ... */
const SLACK: ApiSystem = {
  name: 'Slack',
  errorMessage: (body) => (typeof body === 'string' && body.length < 500 ? body.trim() : undefined),
};

/** Outputs `{ ok: true }`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  await postToWebhook(ctx, SLACK, config, { text: config.text, ...(config.blocks === undefined ? {} : { blocks: config.blocks }) });
  return { output: { ok: true } };
};
