import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, WEEK_MS, daysAndEdgeHours, weekStart, weeksAndEdgeDays } from '../../../server/insights/time-buckets.js';

const MONDAY = Date.UTC(2026, 10, 2);

describe('reading a range from coarse rollups and fine edges', () => {
  it('splits hours into whole UTC days and the hours before and after them', () => {
    const from = MONDAY + 9 * HOUR_MS + 25 * 60_000;
    const to = MONDAY + 3 * DAY_MS + 14 * HOUR_MS + 1;
    expect(daysAndEdgeHours(from, to)).toEqual({
      days: { from: MONDAY + DAY_MS, to: MONDAY + 3 * DAY_MS },
      edgeHours: [
        { from: MONDAY + 9 * HOUR_MS, to: MONDAY + DAY_MS },
        { from: MONDAY + 3 * DAY_MS, to },
      ],
    });
  });

  it('reads only days when the range starts and ends at midnight, only hours when it holds no whole day', () => {
    expect(daysAndEdgeHours(MONDAY, MONDAY + 2 * DAY_MS)).toEqual({ days: { from: MONDAY, to: MONDAY + 2 * DAY_MS }, edgeHours: [] });
    const from = MONDAY + 20 * HOUR_MS;
    expect(daysAndEdgeHours(from, from + 10 * HOUR_MS)).toEqual({ days: null, edgeHours: [{ from, to: from + 10 * HOUR_MS }] });
  });

  it('splits days into whole UTC weeks (from Monday) and the days before and after them', () => {
    expect(weekStart(MONDAY + 6 * DAY_MS + 5)).toBe(MONDAY);
    const from = MONDAY - 2 * DAY_MS + 7;
    const to = MONDAY + 2 * WEEK_MS + 3 * DAY_MS + 1;
    expect(weeksAndEdgeDays(from, to)).toEqual({
      weeks: { from: MONDAY, to: MONDAY + 2 * WEEK_MS },
      edgeDays: [
        { from: MONDAY - 2 * DAY_MS, to: MONDAY },
        { from: MONDAY + 2 * WEEK_MS, to },
      ],
    });
    expect(weeksAndEdgeDays(MONDAY + DAY_MS, MONDAY + 5 * DAY_MS)).toEqual({ weeks: null, edgeDays: [{ from: MONDAY + DAY_MS, to: MONDAY + 5 * DAY_MS }] });
  });
});
