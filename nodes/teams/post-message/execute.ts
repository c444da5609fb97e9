import type { z } from 'zod';
import type { NodeExecute } from '../../../runtime/definition/index.js';
import type { ApiSystem } from '../../connector-kit/client/api-client.js';
import { postToWebhook } from '../../connector-kit/client/webhook-client.js';
import { adaptiveCardMessage, messageCard } from './cards.js';
import type { spec } from './spec.js';

/** Teams answers refusals in plain text (`Summary or Text is required.`), workflows in JSON `{ error: { message } }`. */
const TEAMS: ApiSystem = {
  name: 'Microsoft Teams',
  errorMessage(body) {
    if (typeof body === 'string') return body.length < 500 ? body.trim() : undefined;
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    return typeof message === 'string' ? message : undefined;
  },
};

/** Outputs `{ ok: true }`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => {
  const card = config.format === 'adaptiveCard' ? adaptiveCardMessage(config) : messageCard(config);
  await postToWebhook(ctx, TEAMS, config, card);
  return { output: { ok: true } };
};
