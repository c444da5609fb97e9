const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per time zone (undefined: the user's own), built once: constructing one is slow. */
function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
    formats.set(key, format);
  }
  return format;
}

/**
 * A point in time as the designer shows it everywhere: "4 Dec 2026, 14:05" — day, month name, year,
 * 24-hour time, in the user's time zone (or `timeZone`). Unambiguous whatever the reader's locale
 * (no 12/4 against 4/12); the exact ISO time goes in a tooltip (see `DateTime`). A value that is not
 * a time is returned as it is.
 */
export function formatDateTime(iso: string, timeZone?: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const parts = new Map(formatterFor(timeZone).formatToParts(time).map((part) => [part.type, part.value]));
  return `${parts.get('day')} ${parts.get('month')} ${parts.get('year')}, ${parts.get('hour')}:${parts.get('minute')}`;
}
