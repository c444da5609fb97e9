const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/i;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}([.,]\d+)?)?$/i;

/** An ISO 8601 time as epoch milliseconds, or why it is not one. */
export type ParsedTime = { readonly ok: true; readonly epochMs: number } | { readonly ok: false; readonly problem: string };

/**
 * Parses an ISO 8601 date (`2030-01-31`, midnight UTC) or date-time with a time zone (`Z` or an
 * offset such as `+01:00`). Unlike `Date.parse` it refuses other formats, impossible dates such as
 * February 30, and times without a time zone, which `Date.parse` would read in the server's zone.
 */
export function parseIsoTime(text: string): ParsedTime {
  const date = DATE.exec(text);
  if (date) return fromParts(Number(date[1]), Number(date[2]), Number(date[3]), 0, 0, 0, 0, 0);
  const time = DATE_TIME.exec(text);
  if (!time) {
    return LOCAL_DATE_TIME.test(text)
      ? { ok: false, problem: 'has no time zone; add Z for UTC or an offset such as +01:00' }
      : { ok: false, problem: 'is not an ISO 8601 time such as 2030-01-31T09:00:00Z' };
  }
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = time;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  let offset = 0;
  if (zulu === undefined) {
    if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) {
      return { ok: false, problem: 'has an impossible time zone offset' };
    }
    offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  }
  return fromParts(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second ?? 0), millis, offset);
}

function fromParts(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offsetMinutes: number,
): ParsedTime {
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, problem: 'is not a time of day that exists' };
  // setUTCFullYear, unlike Date.UTC, takes years below 100 literally.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // Dates roll over (February 30 becomes March 2); a round trip shows the date did not exist.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, problem: 'is not a date that exists' };
  }
  date.setUTCHours(hour, minute, second, millis);
  return { ok: true, epochMs: date.getTime() - offsetMinutes * 60_000 };
}
