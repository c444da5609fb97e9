import nodemailer from 'nodemailer';
import { senderOf, type Mailer } from './mailer.js';

/**
 * Mail through an SMTP server (`FLOWGATE_SMTP_URL`, e.g. `smtps://user:password@mail.example.com`).
 * Time-outs are short so a dead server fails a send within seconds instead of minutes.
 */
export function smtpMailer(url: string, mailFrom: string): Mailer {
  const transport = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(message) {
      await transport.sendMail({ from: senderOf(mailFrom, message.fromName), to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
