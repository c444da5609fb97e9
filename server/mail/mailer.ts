/** One plain-text message. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** The sender's display name (the partner's product name), unless `FLOWGATE_MAIL_FROM` fixes one. */
  readonly fromName?: string;
}

/** Delivers mail: through SMTP when configured, else into the data directory's outbox. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Releases connections (server shutdown). */
  close(): void;
}

/**
 * The sender of a message: `FLOWGATE_MAIL_FROM` as given when it names someone (`Name <address>`),
 * else its address under the message's display name, so customers see their partner's brand.
 */
export function senderOf(mailFrom: string, fromName: string | undefined): string | { name: string; address: string } {
  if (mailFrom.includes('<') || fromName === undefined) return mailFrom;
  return { name: fromName, address: mailFrom };
}
