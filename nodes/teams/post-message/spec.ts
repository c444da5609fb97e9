import { z } from 'zod';
import { expression, field } from '../../../runtime/definition/index.js';
import { operationSpec } from '../../connector-kit/operation-spec.js';
import { webhookConnectionFields } from '../../connector-kit/webhook-fields.js';

const fact = z.strictObject({ name: z.string().min(1).max(200), value: z.string().max(2000) });

/** Posts a card to a Teams channel through an incoming webhook. */
export const spec = operationSpec('Microsoft Teams', {
  type: 'connector.teams.postMessage',
  title: 'Microsoft Teams: post message',
  description:
    'Posts a card to the channel of a Microsoft Teams incoming webhook: a title, the text, facts (name and value pairs) and ' +
    'a button opening a link, as an Adaptive Card (what Teams workflows accept) or as an Office 365 connector MessageCard ' +
    '(older connector webhooks). Outputs { ok: true }. A refused card (400, 404) is an error that is not retried, with ' +
    "Teams' reason; 429 and 5xx are retried. The webhook URL is the credential and never appears in outputs or errors.",
  icon: 'messages-square',
  config: z.strictObject({
    ...webhookConnectionFields({
      system: 'Microsoft Teams',
      placeholder: 'https://contoso.webhook.office.com',
      serviceHelp: "The scheme and host the webhook's URL starts with, e.g. https://contoso.webhook.office.com (or the sandbox's $SANDBOX/teams).",
    }),
    format: field(z.enum(['adaptiveCard', 'messageCard']), {
      label: 'Card format',
      widget: 'select',
      help: 'adaptiveCard for webhooks made with Teams workflows; messageCard for Office 365 connector webhooks.',
    }).default('adaptiveCard'),
    title: expression(z.string().max(500), { label: 'Title', widget: 'text' }).default(''),
    text: expression(z.string().min(1).max(20_000), {
      label: 'Text',
      widget: 'jsonLogic',
      help: 'The message (Markdown), e.g. {"cat": ["Invoice ", {"var": "input.number"}, " is overdue"]}.',
    }),
    facts: expression(z.array(fact).max(50), {
      label: 'Facts',
      widget: 'jsonLogic',
      help: 'A list of { name, value } shown as a table under the text, e.g. [{"name": "Amount", "value": {"var": "input.total"}}].',
    }).default([]),
    linkText: expression(z.string().max(100), { label: 'Button text', widget: 'text', help: 'A button opening the link; no button when empty.' }).default(''),
    linkUrl: expression(z.union([z.url({ protocol: /^https?$/ }), z.literal('')]), { label: 'Button link', widget: 'text', placeholder: 'https://…' }).default(''),
  }),
  sideEffects: true,
});
