import nodemailer from 'nodemailer';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { senderOf, type Mailer } from './mailer.js';

/**
 * Mail for the embedded single-machine default, where no SMTP server is configured: each message
 * is written as an RFC 5322 `.eml` file (mode 0600, as it holds a link that signs someone in) to
 * `dir`, named so that `ls` lists them oldest first. One log line says a message was written and
 * where, never its content.
 */
export function outboxMailer(dir: string, mailFrom: string, logger: Logger): Mailer {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await composer.sendMail({ from: senderOf(mailFrom, message.fromName), to: message.to, subject: message.subject, text: message.text });
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stamp = new Date().toISOString().replace(/[-:.]/g, '');
      const path = join(dir, `${stamp}-${randomBytes(4).toString('hex')}.eml`);
      writeFileSync(path, info.message as Buffer, { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
      logger.info({ path, to: message.to }, 'mail written to the outbox (set FLOWGATE_SMTP_URL to send mail)');
    },
    close: () => undefined,
  };
}
