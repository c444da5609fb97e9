import { createHash } from 'node:crypto';
import { sanitiseSvg, SvgRejected } from './svg-sanitiser.js';

/** The largest logo, in bytes of the image itself (not of its base64 text). */
export const MAX_LOGO_BYTES = 256 * 1024;

/** The image types a logo may have. */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** A logo ready to store and serve: its type, its bytes (an SVG already sanitised) and their digest. */
export interface Logo {
  readonly contentType: LogoType;
  readonly data: Buffer;
  /** SHA-256 of the bytes, hex; part of the logo's URL so a new logo is never served from a cache. */
  readonly digest: string;
  /** What sanitising took out of an SVG (element and attribute names). */
  readonly removed: readonly string[];
}

/** A logo that cannot be accepted; the message says why, for the person uploading it. */
export class LogoRejected extends Error {
  override readonly name = 'LogoRejected';
}

const DATA_URL = /^data:(image\/(?:png|jpeg|svg\+xml));base64,([A-Za-z0-9+/]*={0,2})$/;

/**
 * Reads a logo from a base64 data URL: a PNG, JPEG or SVG of at most 256 KB whose bytes are what
 * the data URL says they are (a PNG or JPEG signature; an SVG that parses as one). An SVG is
 * rebuilt by {@link sanitiseSvg}, so what is stored is never what a hostile file said.
 */
export function parseLogo(dataUrl: string): Logo {
  const match = DATA_URL.exec(dataUrl);
  if (!match) throw new LogoRejected('the logo must be a PNG, JPEG or SVG image, sent as a base64 data URL (data:image/png;base64,…)');
  const contentType = match[1] as LogoType;
  const bytes = Buffer.from(match[2] ?? '', 'base64');
  if (bytes.length === 0) throw new LogoRejected('the logo is empty');
  if (bytes.length > MAX_LOGO_BYTES) throw new LogoRejected(`the logo is ${Math.ceil(bytes.length / 1024)} KB; it may be at most 256 KB`);
  if (contentType === 'image/svg+xml') {
    let sanitised;
    try {
      sanitised = sanitiseSvg(bytes.toString('utf8'));
    } catch (error) {
      if (error instanceof SvgRejected) throw new LogoRejected(error.message);
      throw error;
    }
    const data = Buffer.from(sanitised.svg, 'utf8');
    return { contentType, data, digest: digestOf(data), removed: sanitised.removed };
  }
  if (!hasSignature(contentType, bytes)) throw new LogoRejected(`the logo's bytes are not a ${contentType === 'image/png' ? 'PNG' : 'JPEG'} image, whatever the data URL says`);
  return { contentType, data: bytes, digest: digestOf(bytes), removed: [] };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

function hasSignature(type: 'image/png' | 'image/jpeg', bytes: Buffer): boolean {
  const signature = type === 'image/png' ? PNG_SIGNATURE : JPEG_SIGNATURE;
  return bytes.subarray(0, signature.length).equals(signature);
}

function digestOf(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
