/** What stands for a password in a database URL written to a log or a message. */
const HIDDEN = '***';

/**
 * A PostgreSQL URL fit for logs and messages: its password (in the user part, or a `password`
 * query parameter, which `pg` also reads) replaced by `***`. A text that is not a URL at all is
 * never echoed, since it may be a password pasted in the wrong place.
 */
export function redactDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return '(not a URL)';
  }
  if (url.password !== '') url.password = HIDDEN;
  for (const name of [...url.searchParams.keys()]) {
    if (name.toLowerCase() === 'password') url.searchParams.set(name, HIDDEN);
  }
  return url.href.replaceAll(encodeURIComponent(HIDDEN), HIDDEN);
}
