import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../designer/src/app/format-date-time.js';

describe('formatDateTime', () => {
  it('writes day, month name, year and 24-hour time: unambiguous in any locale', () => {
    expect(formatDateTime('2026-12-04T14:05:00.000Z', 'UTC')).toBe('4 Dec 2026, 14:05');
    expect(formatDateTime('2026-04-12T09:07:59.999Z', 'UTC')).toBe('12 Apr 2026, 09:07');
  });

  it('shows the time in the given (the user\'s) time zone', () => {
    expect(formatDateTime('2026-12-04T14:05:00.000Z', 'Europe/Berlin')).toBe('4 Dec 2026, 15:05');
    expect(formatDateTime('2026-12-04T23:30:00.000Z', 'Asia/Tokyo')).toBe('5 Dec 2026, 08:30');
  });

  it('writes midnight as 00, never 24', () => {
    expect(formatDateTime('2026-01-01T00:05:00.000Z', 'UTC')).toBe('1 Jan 2026, 00:05');
  });

  it('returns a value that is not a time unchanged', () => {
    expect(formatDateTime('not a time', 'UTC')).toBe('not a time');
  });
});
