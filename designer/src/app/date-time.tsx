import { formatDateTime } from './format-date-time.js';

/** A time as "4 Dec 2026, 14:05" in the user's time zone, with the full ISO time as its tooltip. */
export function DateTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={iso}>
      {formatDateTime(iso)}
    </time>
  );
}
