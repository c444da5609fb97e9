import { z } from 'zod';
import { expression, jsonValue } from '../../../runtime/definition/index.js';
import { operationSpec } from '../../connector-kit/operation-spec.js';
import { webhookConnectionFields } from '../../connector-kit/webhook-fields.js';

/** Posts a message to a Slack channel through an incoming webhook. */
export const spec = operationSpec('Slack', {
  type: 'connector.slack.postMessage',
  title: 'Slack: post message',
  description:
    "Posts a message to the channel of a Slack incoming webhook: the text (Slack's mrkdwn), and optionally Block Kit blocks, " +
    'in which case the text is what notifications show. Outputs { ok: true }. A webhook Slack refuses for good (a channel archived, ' +
    'a webhook revoked, a malformed payload) is an error that is not retried, with Slack\'s reason (e.g. channel_is_archived); ' +
    '429 and 5xx are retried. The webhook URL is the credential and never appears in outputs or errors.',
  icon: 'message-square',
  config: z.strictObject({
    ...webhookConnectionFields({
      system: 'Slack',
      placeholder: 'https://hooks.slack.com',
      serviceUrl: 'https://hooks.slack.com',
      serviceHelp: "Where Slack's incoming webhooks live: https://hooks.slack.com (or the sandbox's $SANDBOX/slack).",
    }),
    text: expression(z.string().min(1).max(40_000), {
      label: 'Text',
      widget: 'jsonLogic',
      help: 'The message, e.g. {"cat": ["Order ", {"var": "input.name"}, " is on hold"]}. With blocks, the notification text.',
    }),
    blocks: expression(z.array(z.record(z.string(), jsonValue)).max(50), {
      label: 'Blocks',
      widget: 'jsonLogic',
      help: 'Optional Block Kit blocks (at most 50), e.g. [{"type": "section", "text": {"type": "mrkdwn", "text": "*Late shipments*"}}].',
    }).optional(),
  }),
  sideEffects: true,
});
