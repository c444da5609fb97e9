import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { NodeExecutionError, type NodeContext } from '../../runtime/definition/index.js';
import { credentialFields } from '../connector-kit/client/credential-fields.js';
import { redact } from '../connector.http/response.js';

/** Time to connect, to be greeted, and of silence within the dialogue. */
const CONNECT_TIMEOUT_MS = 30_000;
const SOCKET_TIMEOUT_MS = 60_000;

/** The SMTP server a step sends through. */
export interface SmtpConnection {
  readonly host: string;
  readonly port: number;
  readonly security: 'starttls' | 'tls' | 'none';
  /** A basic credential (user name and password), if the server needs a login. */
  readonly credential?: string | undefined;
}

/** What the server accepted. */
export interface SmtpResult {
  readonly messageId: string;
  readonly accepted: string[];
  readonly rejected: string[];
}

/**
 * Sends `message` through the SMTP server. The egress guard resolves the host and checks the
 * address (`ctx.allowedAddress`); nodemailer connects to that address only, verifying TLS against
 * the host name, so the address checked is the address connected to. A refused host fails with the
 * guard's EGRESS_BLOCKED before any packet; other failures as `smtpError` says.
 */
export async function sendMail(ctx: NodeContext, connection: SmtpConnection, message: Mail.Options): Promise<SmtpResult> {
  const host = connection.host.replace(/^\[(.*)\]$/, '$1');
  const server = `${connection.host}:${connection.port}`;
  const login =
    connection.credential === undefined ? undefined : await credentialFields(ctx, connection.credential, new URL(`smtp://${server}`), 'basic', ['username', 'password']);
  const address = await ctx.allowedAddress(host, connection.port);
  const transport = nodemailer.createTransport({
    host: address,
    port: connection.port,
    secure: connection.security === 'tls',
    requireTLS: connection.security === 'starttls',
    ignoreTLS: connection.security === 'none',
    tls: { servername: host },
    ...(login === undefined ? {} : { auth: { user: login.username, pass: login.password } }),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const abort = () => transport.close();
  ctx.signal.addEventListener('abort', abort, { once: true });
  try {
    const info = await transport.sendMail(message);
    return { messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
  } catch (error) {
    if (ctx.signal.aborted) throw new NodeExecutionError(`sending through the SMTP server ${server} was aborted`, { code: 'ABORTED' });
    throw smtpError(error, server, login === undefined ? [] : [login.password]);
  } finally {
    ctx.signal.removeEventListener('abort', abort);
    transport.close();
  }
}

/** What nodemailer's errors carry besides the message. */
interface SmtpFailure {
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly response?: unknown;
  readonly command?: unknown;
}

/** Failures before or around the SMTP dialogue that another attempt can get past. */
const NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNRESET', 'ECONNREFUSED']);

/**
 * The step error for a failed send. An SMTP reply decides: 4xx is temporary (retryable), 5xx
 * permanent, and the server's reply text is kept. Without a reply, a connection failure or time-out
 * is retryable; TLS and protocol failures are not (the next attempt meets the same server).
 */
function smtpError(error: unknown, server: string, secrets: readonly string[]): NodeExecutionError {
  if (error instanceof NodeExecutionError) return error;
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const code = typeof failure.code === 'string' ? failure.code : undefined;
  const status = typeof failure.responseCode === 'number' ? failure.responseCode : undefined;
  const reply = typeof failure.response === 'string' ? failure.response.trim() : undefined;
  const clean = (text: string) => String(redact(text, secrets));
  const details = { server, smtpCode: status ?? null, reply: reply === undefined ? null : clean(reply), command: typeof failure.command === 'string' ? failure.command : null };
  if (details.command === 'STARTTLS' || code === 'ETLS') {
    return new NodeExecutionError(
      clean(
        `the SMTP server ${server} could not be switched to TLS (${reply ?? (error instanceof Error ? error.message : String(error))}); ` +
          'choose security "tls" for a server that speaks TLS from the start (port 465), or "none" only for a server on your own network',
      ),
      { code: 'SMTP_TLS', retryable: false, details },
    );
  }
  if (status !== undefined && status >= 400 && status < 600) {
    const temporary = status < 500;
    const what = code === 'EAUTH' ? 'refused the login' : temporary ? 'refused the mail for now' : 'refused the mail';
    return new NodeExecutionError(clean(`the SMTP server ${server} ${what}: ${reply ?? status}`), {
      code: code === 'EAUTH' ? 'SMTP_AUTH' : temporary ? 'SMTP_TEMPORARY' : 'SMTP_REJECTED',
      retryable: temporary,
      details,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && NETWORK_CODES.has(code)) {
    return new NodeExecutionError(clean(`the SMTP server ${server} could not be reached: ${message}`), { code: 'SMTP_NETWORK', retryable: true, details });
  }
  return new NodeExecutionError(clean(`sending through the SMTP server ${server} failed: ${message}`), { code: 'SMTP_FAILED', retryable: false, details });
}
