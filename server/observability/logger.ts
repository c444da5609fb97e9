import { pino, type Logger } from 'pino';

/** Paths pino replaces with [redacted] in every line, wherever they appear. */
const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-flowgate-token"]',
  'req.headers["x-flowgate-signature"]',
];

/** JSON logs to stdout (pino), with secrets and credentials redacted by path. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'flowgate' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
