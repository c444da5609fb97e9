const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight UTC of the day `date` falls on. */
export function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** `days` days after (or before, when negative) `day`, at `hour`:`minute` UTC. */
export function dayAt(day: Date, days: number, hour = 0, minute = 0): Date {
  return new Date(day.getTime() + days * DAY_MS + (hour * 60 + minute) * 60_000);
}

/** `2024-10-01`, the form of an OData `Edm.Date`. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `2024-10-01T09:30:00Z`, an OData `Edm.DateTimeOffset` and ShipStation's timestamps without the zone. */
export function isoInstant(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2024-10-01T09:30:00+00:00`, Shopify's timestamp form (the demo shop's zone is UTC). */
export function shopifyTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** `2024-10-01T09:30:00.0000000`, ShipStation's timestamp form (Pacific time in the real API; UTC here). */
export function shipStationTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000');
}
