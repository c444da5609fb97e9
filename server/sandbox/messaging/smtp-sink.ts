import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { EffectRecorder } from '../effect-recorder.js';
import { recordedText } from '../request-body.js';
import { parseMail } from './mime-message.js';

/** The largest mail the sink accepts (SMTP SIZE); a larger one is refused with 552. */
const MAX_MAIL_BYTES = 10 * 1024 * 1024;

/** A running SMTP sink. */
export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * An SMTP server on 127.0.0.1 that accepts any sender, any recipient and any login (PLAIN or
 * LOGIN, without TLS) and keeps every message as a `mail` effect: envelope, headers, subject,
 * text and HTML bodies and attachment names. A mail's `Idempotency-Key` header, when it has one,
 * is the record's key; mail has no replay protocol, so a resent mail is a second effect, as it
 * would be in a real inbox.
 */
export async function startSmtpSink(recorder: EffectRecorder, port: number): Promise<SmtpSink> {
  const server = new SMTPServer({
    name: 'sandbox.flowgate.local',
    banner: 'Flowgate sandbox SMTP sink',
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    size: MAX_MAIL_BYTES,
    logger: false,
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          callback(Object.assign(new Error(`552 the message is larger than the sandbox's limit of ${MAX_MAIL_BYTES} bytes`), { responseCode: 552 }));
          return;
        }
        const mail = parseMail(Buffer.concat(chunks));
        const envelope = {
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        };
        const key = mail.headers['idempotency-key'] ?? null;
        recorder.effect({
          system: 'smtp',
          kind: 'mail',
          method: 'SMTP',
          path: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
          status: 250,
          idempotencyKey: key === '' ? null : key,
          body: { envelope, authUser: typeof session.user === 'string' ? session.user : null, ...mail, text: mail.text === null ? null : recordedText(mail.text), html: mail.html === null ? null : recordedText(mail.html) },
          detail: { subject: mail.subject, to: envelope.to },
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => console.error('sandbox: SMTP sink error', error));
  const address = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
