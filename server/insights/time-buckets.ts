/** One hour in milliseconds: rollups are kept per UTC hour. */
export const HOUR_MS = 3_600_000;

/** One day in milliseconds: duration histograms are kept per UTC day. */
export const DAY_MS = 86_400_000;

/** One week in milliseconds: duration histograms are also kept per UTC week (from Monday). */
export const WEEK_MS = 7 * DAY_MS;

/** The start of the UTC hour (epoch ms) a time falls in. */
export function hourStart(epochMs: number): number {
  return epochMs - (((epochMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
}

/** The start of the UTC day (epoch ms) a time falls in. */
export function dayStart(epochMs: number): number {
  return epochMs - (((epochMs % DAY_MS) + DAY_MS) % DAY_MS);
}

/** A span of time, epoch ms: `from` inclusive, `to` exclusive. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/**
 * How to read the hours from `hourStart(from)` up to `to` with the fewest rollup rows: the whole
 * UTC days inside them (from the daily rollups; null when there are none) and the hours before and
 * after those days (from the hourly rollups). The parts cover exactly the same hours.
 */
export function daysAndEdgeHours(from: number, to: number): { days: Span | null; edgeHours: Span[] } {
  const first = hourStart(from);
  const firstWholeDay = dayStart(first) === first ? first : dayStart(first) + DAY_MS;
  const lastDayEnd = dayStart(to);
  if (firstWholeDay >= lastDayEnd) return { days: null, edgeHours: [{ from: first, to }] };
  const edgeHours = [
    { from: first, to: firstWholeDay },
    { from: lastDayEnd, to },
  ].filter((span) => span.from < span.to);
  return { days: { from: firstWholeDay, to: lastDayEnd }, edgeHours };
}

/** The start of the UTC week (Monday 00:00, epoch ms) a time falls in. */
export function weekStart(epochMs: number): number {
  // 1970-01-01 was a Thursday, three days after a Monday.
  const sinceMonday = epochMs + 3 * DAY_MS;
  return epochMs - (((sinceMonday % WEEK_MS) + WEEK_MS) % WEEK_MS);
}

/**
 * How to read the UTC days from `dayStart(from)` up to `to` with the fewest histogram rows: the
 * whole UTC weeks inside them (from the weekly histograms; null when there are none) and the days
 * before and after those weeks (from the daily ones). The parts cover exactly the same days.
 */
export function weeksAndEdgeDays(from: number, to: number): { weeks: Span | null; edgeDays: Span[] } {
  const first = dayStart(from);
  const firstWholeWeek = weekStart(first) === first ? first : weekStart(first) + WEEK_MS;
  const lastWeekEnd = weekStart(to);
  if (firstWholeWeek >= lastWeekEnd) return { weeks: null, edgeDays: [{ from: first, to }] };
  const edgeDays = [
    { from: first, to: firstWholeWeek },
    { from: lastWeekEnd, to },
  ].filter((span) => span.from < span.to);
  return { weeks: { from: firstWholeWeek, to: lastWeekEnd }, edgeDays };
}
