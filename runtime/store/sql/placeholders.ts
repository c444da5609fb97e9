/**
 * Rewrites `?` placeholders as PostgreSQL's `$1, $2, ...`, leaving question marks inside string
 * literals, quoted identifiers and comments alone, so one statement text serves both engines.
 */
export function toNumberedPlaceholders(sql: string): string {
  let out = '';
  let next = 1;
  let index = 0;
  while (index < sql.length) {
    const char = sql[index];
    const skipTo = skippedUntil(sql, index);
    if (skipTo > index) {
      out += sql.slice(index, skipTo);
      index = skipTo;
    } else if (char === '?') {
      out += `$${next++}`;
      index += 1;
    } else {
      out += char;
      index += 1;
    }
  }
  return out;
}

/** The end of the literal, quoted identifier or comment starting at `index`, or `index` if none does. */
function skippedUntil(sql: string, index: number): number {
  const char = sql[index];
  if (char === "'" || char === '"') {
    let end = index + 1;
    while (end < sql.length) {
      if (sql[end] === char) {
        if (sql[end + 1] === char) end += 2; // a doubled quote is part of the text
        else return end + 1;
      } else end += 1;
    }
    return sql.length;
  }
  if (sql.startsWith('--', index)) {
    const end = sql.indexOf('\n', index);
    return end < 0 ? sql.length : end + 1;
  }
  if (sql.startsWith('/*', index)) {
    const end = sql.indexOf('*/', index + 2);
    return end < 0 ? sql.length : end + 2;
  }
  return index;
}
