import { SLACK_WEBHOOKS } from '../credentials.js';
import { textReply, type ApiFamily, type SandboxRequest } from '../http-types.js';
import { isObject, type JsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';

/** The payload of a Slack webhook call: a JSON body, or a form with a `payload` field holding JSON. */
function payload(request: SandboxRequest): JsonObject {
  const text = request.body.toString('utf8');
  const type = String(request.headers['content-type'] ?? '');
  const json = type.includes('application/x-www-form-urlencoded') ? (new URLSearchParams(text).get('payload') ?? '') : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new SandboxError(400, 'invalid_payload', undefined, 'invalid_payload');
  }
  if (!isObject(parsed)) throw new SandboxError(400, 'invalid_payload', undefined, 'invalid_payload');
  return parsed;
}

/** The text a message shows: `text`, else the text of its blocks or attachments. */
function messageText(body: JsonObject): string {
  if (typeof body.text === 'string' && body.text.trim() !== '') return body.text;
  const parts: string[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (isObject(value)) {
      if (typeof value.text === 'string') parts.push(value.text);
      for (const [key, inner] of Object.entries(value)) if (key !== 'text' || typeof inner !== 'string') collect(inner);
    }
  };
  collect(body.blocks);
  collect(body.attachments);
  return parts.join('\n');
}

/**
 * Slack incoming webhooks: `POST /slack/services/{team}/{bot}/{token}` with `{ text, blocks,
 * attachments }` (JSON, or a form field `payload`) answers `200 ok`; Slack's refusals are plain-text
 * codes: `400 invalid_payload` (not JSON), `400 no_text` (neither text nor blocks), `403
 * invalid_token`, `404 no_service`, `410 channel_is_archived`.
 */
export const slackWebhooks: ApiFamily = {
  system: 'slack',
  prefix: '/slack/',
  error: (error) => textReply(error.status, error.code ?? error.message),
  routes: [
    {
      method: 'POST',
      pattern: '/slack/services/:team/:bot/:token',
      effect: 'message',
      handle(request) {
        const { team = '', bot = '', token = '' } = request.params;
        const hook = SLACK_WEBHOOKS.find((candidate) => candidate.path.startsWith(`${team}/${bot}/`));
        if (!hook) throw new SandboxError(404, 'no_service', undefined, 'no_service');
        if (hook.path !== `${team}/${bot}/${token}`) throw new SandboxError(403, 'invalid_token', undefined, 'invalid_token');
        if (hook.archived) throw new SandboxError(410, 'channel_is_archived', undefined, 'channel_is_archived');
        const body = payload(request);
        const hasBlocks = Array.isArray(body.blocks) && body.blocks.length > 0;
        const text = messageText(body);
        if (text === '' && !hasBlocks) throw new SandboxError(400, 'no_text', undefined, 'no_text');
        return textReply(200, 'ok', {}, { channel: hook.channel, text });
      },
    },
  ],
};
