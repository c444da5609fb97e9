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
  const server = `${host.includes(':') ? `[${host}]` : host}:${connection.port}`;
  const login =
    connection.credential === undefined ? undefined : await credentialFields(ctx, connection.credential, new URL(`smtp://${server}`), 'basic', ['username', 'password']);
  let addresses: readonly string[];
  try {
    addresses = await ctx.allowedAddress(host, connection.port);
  } catch (error) {
    // The guard's refusal is a step error already; a name that does not resolve may resolve later.
    if (error instanceof NodeExecutionError) throw error;
    throw new NodeExecutionError(`the SMTP server ${server} could not be reached: ${error instanceof Error ? error.message : String(error)}`, { code: 'SMTP_NETWORK', retryable: true });
  }
  const secrets = login === undefined ? [] : [login.password];
  for (let index = 0; ; index++) {
    try {
      return await sendTo(ctx, addresses[index] as string, host, connection, login, message);
    } catch (error) {
      if (ctx.signal.aborted) throw new NodeExecutionError(`sending through the SMTP server ${server} was aborted`, { code: 'ABORTED' });
      // Only a connection that never opened moves on: nothing of the mail was sent over it.
      if (index + 1 < addresses.length && error instanceof Error && NOT_CONNECTED.test(error.message)) continue;
      throw smtpError(error, server, secrets);
    }
  }
}

/** Connection failures after which the host's next allowed address is tried. */
const NOT_CONNECTED = /\b(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL)\b/;

/** One attempt over one address. */
async function sendTo(
  ctx: NodeContext,
  address: string,
  host: string,
  connection: SmtpConnection,
  login: { readonly username: string; readonly password: string } | undefined,
  message: Mail.Options,
): Promise<SmtpResult> {
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

/**
 * TLS failures nodemailer reports as socket errors (its ESOCKET hides the TLS code): a certificate
 * the host name does not match, or that no trusted authority signed, fails the same way next time.
 */
const TLS_FAILURE = /certificate|altnames|SSL routines|wrong version number|TLS/i;

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
  const text = error instanceof Error ? error.message : String(error);
  if (details.command === 'STARTTLS' || code === 'ETLS' || TLS_FAILURE.test(text)) {
    return new NodeExecutionError(
      clean(
        `no TLS connection to the SMTP server ${server} could be made (${reply ?? text}); ` +
          'check that its certificate is valid for the host name, and choose security "tls" for a server that speaks TLS from ' +
          'the start (port 465), "starttls" for one that upgrades (587), or "none" only for a server on your own network',
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
  if (code !== undefined && NETWORK_CODES.has(code)) {
    return new NodeExecutionError(clean(`the SMTP server ${server} could not be reached: ${text}`), { code: 'SMTP_NETWORK', retryable: true, details });
  }
  return new NodeExecutionError(clean(`sending through the SMTP server ${server} failed: ${text}`), { code: 'SMTP_FAILED', retryable: false, details });
}
