import { createHash } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { z } from 'zod';
import { NodeExecutionError, type NodeExecute } from '../../../runtime/definition/index.js';
import { sendMail } from '../connection.js';
import type { MailAttachment, spec } from './spec.js';

/** The most a mail's attachments may hold together, decoded. */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** What the mail says, from the step's evaluated config. */
interface MailContent {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly replyTo: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments: readonly MailAttachment[];
}

/**
 * The nodemailer message. Its Message-ID derives from the step's idempotency key, so every attempt
 * of the step sends the same one (mail systems that de-duplicate by Message-ID then show one mail),
 * and the key also travels as an `Idempotency-Key` header, which the sandbox records.
 */
function mailMessage(content: MailContent, idempotencyKey: string): Mail.Options {
  if (content.text === '' && content.html === '') {
    throw new NodeExecutionError('the e-mail has neither a text nor an HTML body', { code: 'EMAIL_EMPTY' });
  }
  let total = 0;
  const attachments = content.attachments.map((attachment, index) => {
    const bytes = attachmentBytes(attachment, index);
    total += bytes.length;
    return { filename: attachment.filename, content: bytes, ...(attachment.contentType === undefined ? {} : { contentType: attachment.contentType }) };
  });
  if (total > MAX_ATTACHMENT_BYTES) {
    throw new NodeExecutionError(`the attachments hold ${total} bytes; an e-mail may carry at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`, { code: 'EMAIL_TOO_LARGE' });
  }
  const domain = /@([^>\s]+)>?\s*$/.exec(content.from)?.[1] ?? 'flowgate.invalid';
  return {
    from: content.from,
    to: [...content.to],
    cc: [...content.cc],
    bcc: [...content.bcc],
    ...(content.replyTo === '' ? {} : { replyTo: content.replyTo }),
    // A line break in a subject would end the header; nodemailer folds long lines itself.
    subject: content.subject.replace(/[\r\n]+/g, ' '),
    ...(content.text === '' ? {} : { text: content.text }),
    ...(content.html === '' ? {} : { html: content.html }),
    attachments,
    messageId: `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`,
    headers: { 'Idempotency-Key': idempotencyKey },
  };
}

function attachmentBytes(attachment: MailAttachment, index: number): Buffer {
  if (attachment.encoding === 'text') return Buffer.from(attachment.content, 'utf8');
  const compact = attachment.content.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new NodeExecutionError(`attachments[${index}] ("${attachment.filename}") is not valid base64`, { code: 'EMAIL_ATTACHMENT_INVALID' });
  }
  return Buffer.from(compact, 'base64');
}

/** Outputs `{ messageId, accepted, rejected }`. */
export const execute: NodeExecute<z.output<typeof spec.config>> = async (ctx, config) => ({
  output: { ...(await sendMail(ctx, config, mailMessage(config, ctx.idempotencyKey))) },
});
