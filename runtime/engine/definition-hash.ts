import { createHash } from 'node:crypto';
import { canonicalJson } from '../expressions/index.js';

/** Content address of a definition snapshot: runs pin the exact definition they execute. */
export function definitionHash(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}
