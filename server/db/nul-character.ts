/** PostgreSQL's SQLSTATE for `character_not_in_repertoire`: what it answers for U+0000 in text. */
const POSTGRES_CHARACTER_NOT_IN_REPERTOIRE = '22021';

/**
 * Whether a statement failed because a text parameter held a NUL character (U+0000), which
 * PostgreSQL's text cannot hold (SQLite stores it). No name, id or message of Flowgate's has one,
 * so a request that brings one is refused as malformed rather than failing as a server fault.
 */
export function isNulCharacterRefusal(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === POSTGRES_CHARACTER_NOT_IN_REPERTOIRE && error.message.includes('0x00');
}
