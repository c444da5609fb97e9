import { Cron } from 'croner';

/** When a schedule fires next, or why that cannot be said. */
export type FireTimes = { readonly ok: true; readonly times: readonly Date[] } | { readonly ok: false; readonly reason: string };

/**
 * The next `count` times a schedule fires after `from`, computed as the scheduler computes them
 * (croner, in the schedule's time zone, daylight saving time included). The time zone defaults to
 * UTC, as the node's does.
 */
export function nextFireTimes(cron: unknown, timeZone: unknown, from: Date, count = 5): FireTimes {
  if (typeof cron !== 'string' || cron.trim() === '') return { ok: false, reason: 'Set a cron expression to see when this schedule fires.' };
  const zone = typeof timeZone === 'string' && timeZone !== '' ? timeZone : 'UTC';
  if (!isTimeZone(zone)) return { ok: false, reason: `"${zone}" is not a known IANA time zone, such as Europe/Berlin.` };
  let job: Cron;
  try {
    job = new Cron(cron, { timezone: zone, paused: true });
  } catch {
    return { ok: false, reason: `"${cron}" is not a valid cron expression.` };
  }
  const times = job.nextRuns(count, from);
  return times.length === 0 ? { ok: false, reason: 'This schedule never fires again.' } : { ok: true, times };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Whether a cron expression names seconds (six fields), so its times are shown with seconds. */
export function hasSeconds(cron: string): boolean {
  return cron.trim().split(/\s+/).length >= 6;
}

/**
 * A fire time as people in the schedule's time zone read it: weekday, day, month, year, 24-hour
 * time and the zone's abbreviation ("Mon 30 Mar 2026, 07:00 CEST").
 */
export function formatFireTime(time: Date, timeZone: string, withSeconds = false): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' as const } : {}),
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(time);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  const clock = [part('hour'), part('minute'), ...(withSeconds ? [part('second')] : [])].join(':');
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${clock} ${part('timeZoneName')}`;
}
