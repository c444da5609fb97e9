import addressparser from 'nodemailer/lib/addressparser/index.js';
import mimeFuncs from 'nodemailer/lib/mime-funcs/index.js';

/** A file attached to a mail, as the record shows it (the content is not kept). */
export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

/** The parts of a mail a test or the page looks at. */
export interface ParsedMail {
  readonly messageId: string | null;
  readonly from: string;
  readonly to: string[];
  readonly cc: string[];
  readonly subject: string;
  readonly date: string | null;
  readonly text: string | null;
  readonly html: string | null;
  readonly attachments: MailAttachment[];
  /** Every header (lower-case name → first value, encoded words decoded). */
  readonly headers: Record<string, string>;
}

/** How deep multiparts may nest; a mail nesting deeper is read no further. */
const MAX_DEPTH = 10;

interface Entity {
  readonly headers: Map<string, string[]>;
  readonly body: string;
}

/** Splits a MIME entity (held as a binary string) into its unfolded headers and its body. */
function entity(raw: string): Entity {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8')]);
  }
  return { headers, body };
}

function decodeText(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function quotedPrintable(text: string): Buffer {
  const bytes: number[] = [];
  const source = text.replace(/=\r?\n/g, '');
  for (let index = 0; index < source.length; index++) {
    const hex = source.slice(index + 1, index + 3);
    if (source[index] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else bytes.push(source.charCodeAt(index) & 0xff);
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded words (`=?utf-8?B?...?=`, `=?iso-8859-1?Q?...?=`) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g, (_word, charset: string, encoding: string, text: string) => {
      const bytes = encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintable(text.replace(/_/g, ' '));
      return decodeText(bytes, charset);
    });
}

function header(part: Entity, name: string): string | undefined {
  const value = part.headers.get(name)?.[0];
  return value === undefined ? undefined : decodeWords(value);
}

function transferDecoded(part: Entity): Buffer {
  const encoding = (header(part, 'content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return quotedPrintable(part.body);
  return Buffer.from(part.body, 'latin1');
}

interface Collected {
  text: string | null;
  html: string | null;
  attachments: MailAttachment[];
}

function walk(part: Entity, collected: Collected, depth: number): void {
  const type = mimeFuncs.parseHeaderValue(header(part, 'content-type') ?? 'text/plain');
  const contentType = type.value.toLowerCase();
  if (contentType.startsWith('multipart/')) {
    const boundary = type.params.boundary;
    if (!boundary || depth >= MAX_DEPTH) return;
    // The line break before a delimiter belongs to the delimiter (RFC 2046), not to the part before it.
    const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const sections = part.body.split(new RegExp(`(?:^|\\r?\\n)--${escaped}(?:--)?[ \\t]*(?=\\r?\\n|$)`));
    for (const section of sections.slice(1, -1)) walk(entity(section.replace(/^\r?\n/, '')), collected, depth + 1);
    return;
  }
  const disposition = mimeFuncs.parseHeaderValue(header(part, 'content-disposition') ?? '');
  const filename = decodeWords(disposition.params.filename ?? type.params.name ?? '');
  const bytes = transferDecoded(part);
  if (disposition.value.toLowerCase() === 'attachment' || filename !== '' || !contentType.startsWith('text/')) {
    collected.attachments.push({ filename: filename || 'unnamed', contentType, size: bytes.length });
    return;
  }
  const text = decodeText(bytes, type.params.charset);
  if (contentType === 'text/html') collected.html ??= text;
  else collected.text ??= text;
}

function addresses(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return addressparser(value, { flatten: true }).map((address) => address.address);
}

/**
 * Reads a mail minimally: the headers, the first text and HTML bodies, and the names, types and
 * sizes of the attachments (multiparts nested up to ten levels; base64 and quoted-printable).
 */
export function parseMail(raw: Buffer): ParsedMail {
  const top = entity(raw.toString('latin1'));
  const collected: Collected = { text: null, html: null, attachments: [] };
  walk(top, collected, 0);
  return {
    messageId: header(top, 'message-id') ?? null,
    from: header(top, 'from') ?? '',
    to: addresses(header(top, 'to')),
    cc: addresses(header(top, 'cc')),
    subject: header(top, 'subject') ?? '',
    date: header(top, 'date') ?? null,
    ...collected,
    headers: Object.fromEntries([...top.headers.keys()].map((name) => [name, header(top, name) ?? ''])),
  };
}
