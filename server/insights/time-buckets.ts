/** One hour in milliseconds: rollups are kept per UTC hour. */
export const HOUR_MS = 3_600_000;

/** One day in milliseconds: duration histograms are kept per UTC day. */
export const DAY_MS = 86_400_000;

/** The start of the UTC hour (epoch ms) a time falls in. */
export function hourStart(epochMs: number): number {
  return epochMs - (((epochMs % HOUR_MS) + HOUR_MS) % HOUR_MS);
}

/** The start of the UTC day (epoch ms) a time falls in. */
export function dayStart(epochMs: number): number {
  return epochMs - (((epochMs % DAY_MS) + DAY_MS) % DAY_MS);
}
