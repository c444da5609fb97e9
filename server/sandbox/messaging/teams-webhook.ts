import { TEAMS_WEBHOOKS } from '../credentials.js';
import { textReply, type ApiFamily } from '../http-types.js';
import { isObject, plainText, type JsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** The title and text of a MessageCard. */
function messageCard(body: JsonObject): { title: string; text: string } {
  const summary = typeof body.summary === 'string' ? body.summary : '';
  const text = typeof body.text === 'string' ? body.text : '';
  if (summary.trim() === '' && text.trim() === '') throw new SandboxError(400, 'Summary or Text is required.');
  const sections = Array.isArray(body.sections) ? body.sections.filter(isObject) : [];
  const facts = sections.flatMap((section) => (Array.isArray(section.facts) ? section.facts.filter(isObject) : [])).map((fact) => `${plainText(fact.name)}: ${plainText(fact.value)}`);
  return { title: typeof body.title === 'string' ? body.title : summary, text: [text, ...facts].filter((line) => line !== '').join('\n') };
}

/** The text blocks of an Adaptive Card message (`{ type: "message", attachments: [{ contentType, content }] }`). */
function adaptiveCard(body: JsonObject): { title: string; text: string } {
  const attachments = Array.isArray(body.attachments) ? body.attachments.filter(isObject) : [];
  const cards = attachments.filter((attachment) => attachment.contentType === ADAPTIVE_CARD && isObject(attachment.content));
  if (cards.length === 0) throw new SandboxError(400, `A message needs an attachment with contentType "${ADAPTIVE_CARD}" and the card as its content.`);
  const lines: string[] = [];
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (isObject(value)) {
      if (value.type === 'TextBlock' && typeof value.text === 'string') lines.push(value.text);
      if (value.type === 'FactSet' && Array.isArray(value.facts)) for (const fact of value.facts.filter(isObject)) lines.push(`${plainText(fact.title)}: ${plainText(fact.value)}`);
      Object.values(value).forEach(collect);
    }
  };
  for (const card of cards) {
    const content = card.content as JsonObject;
    if (content.type !== 'AdaptiveCard') throw new SandboxError(400, 'The attachment content must be an AdaptiveCard (type "AdaptiveCard").');
    collect(content.body);
  }
  return { title: lines[0] ?? '', text: lines.join('\n') };
}

/**
 * Microsoft Teams incoming webhooks: `POST /teams/webhook/{id}` with an Office 365 connector
 * MessageCard (`@type: MessageCard`, `summary` or `text`) or an Adaptive Card message answers
 * `200 1`; a body that is not JSON answers `400 Webhook Bad Request - Null or empty event`.
 */
export const teamsWebhooks: ApiFamily = {
  system: 'teams',
  prefix: '/teams/',
  error: (error) => textReply(error.status, error.message),
  routes: [
    {
      method: 'POST',
      pattern: '/teams/webhook/:id',
      effect: 'message',
      handle(request) {
        const hook = TEAMS_WEBHOOKS.find((candidate) => candidate.path === request.params.id);
        if (!hook) throw new SandboxError(404, 'Webhook not found: the connector was removed or the URL is wrong.');
        let body: unknown;
        try {
          body = JSON.parse(request.body.toString('utf8'));
        } catch {
          throw new SandboxError(400, 'Webhook Bad Request - Null or empty event');
        }
        if (!isObject(body)) throw new SandboxError(400, 'Webhook Bad Request - Null or empty event');
        const { title, text } = body.type === 'message' ? adaptiveCard(body) : messageCard(body);
        return textReply(200, '1', {}, { channel: hook.channel, title, text });
      },
    },
  ],
};
