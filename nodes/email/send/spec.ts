import { z } from 'zod';
import { expression, field } from '../../../runtime/definition/index.js';
import { operationSpec } from '../../connector-kit/operation-spec.js';

/** One address: `ops@contoso.com` or `Contoso Ops <ops@contoso.com>`, on one line. */
const address = z.string().max(320).regex(/^[^\r\n]*@[^\r\n]*$/, 'must be an e-mail address such as ops@contoso.com or "Ops <ops@contoso.com>"');
const addresses = z.array(address).max(100);

const attachment = z.strictObject({
  filename: z.string().min(1).max(255).regex(/^[^\r\n/\\]+$/, 'must be a file name without a path or line breaks'),
  content: z.string(),
  encoding: z.enum(['text', 'base64']).default('text'),
  contentType: z.string().max(255).regex(/^[\w.+-]+\/[\w.+-]+(;.*)?$/, 'must be a MIME type such as text/csv').optional(),
});

/** The attachments of a mail, as the step's config and its evaluated expressions give them. */
export type MailAttachment = z.output<typeof attachment>;

/** Sends an e-mail over SMTP. */
export const spec = operationSpec('E-mail', {
  type: 'connector.email.send',
  title: 'E-mail: send',
  description:
    'Sends an e-mail through an SMTP server: from, to, cc, bcc, a subject and a text and/or HTML body built from run data ' +
    '(expressions), and attachments (text or base64 content). Outputs { messageId, accepted, rejected }. The connection ' +
    'goes through the egress guard. Temporary refusals (4xx replies) and connection failures are retried; permanent ' +
    "ones (5xx, e.g. 550 mailbox unavailable) are not, and keep the server's reply. The Message-ID is the same on every " +
    'attempt of the step, so mail systems that de-duplicate by it show a retried mail once.',
  icon: 'mail',
  config: z.strictObject({
    host: field(z.string().min(1).max(253).regex(/^[A-Za-z0-9.:[\]_-]+$/, 'must be a host name or IP address such as smtp.office365.com'), {
      label: 'SMTP server',
      widget: 'text',
      placeholder: 'smtp.office365.com',
    }),
    port: field(z.number().int().min(1).max(65_535), { label: 'Port', widget: 'number', help: '587 for STARTTLS, 465 for TLS, 25 for none.' }).default(587),
    security: field(z.enum(['starttls', 'tls', 'none']), {
      label: 'Security',
      widget: 'select',
      help: 'starttls: upgrade to TLS after connecting, and refuse a server that cannot (587); tls: TLS from the start (465); none: no encryption (a relay on your own network, or the sandbox).',
    }).default('starttls'),
    credential: field(z.string().min(1), {
      label: 'Credential',
      widget: 'credential',
      help: "A basic credential (the SMTP user name and password), allowed for the server's host; empty for a server that needs no login.",
    }).optional(),
    from: expression(address, { label: 'From', widget: 'text', placeholder: 'Contoso Ops <ops@contoso.com>' }),
    to: expression(addresses.min(1), { label: 'To', widget: 'jsonLogic', help: 'A list of addresses, e.g. ["ops@contoso.com"] or {"var": "input.emails"}.' }),
    cc: expression(addresses, { label: 'Cc', widget: 'jsonLogic' }).default([]),
    bcc: expression(addresses, { label: 'Bcc', widget: 'jsonLogic' }).default([]),
    replyTo: expression(z.union([address, z.literal('')]), { label: 'Reply to', widget: 'text' }).default(''),
    subject: expression(z.string().max(998), { label: 'Subject', widget: 'jsonLogic', help: 'e.g. {"cat": ["Order ", {"var": "input.name"}, " is on hold"]}' }),
    text: expression(z.string().max(5_000_000), { label: 'Text body', widget: 'jsonLogic', help: 'The plain-text body; with an HTML body, what clients without HTML show.' }).default(''),
    html: expression(z.string().max(5_000_000), { label: 'HTML body', widget: 'jsonLogic', help: 'An HTML body; empty for a text-only mail.' }).default(''),
    attachments: expression(z.array(attachment).max(20), {
      label: 'Attachments',
      widget: 'jsonLogic',
      help: 'A list of { filename, content, encoding (text or base64), contentType }, e.g. a CSV built by an earlier step.',
    }).default([]),
  }),
  sideEffects: true,
});
