import { Cron } from 'croner';
import { z } from 'zod';
import { OUT_PORT, defineNodeSpec, field } from '../../runtime/definition/index.js';

function isCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true });
    return true;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Starts runs on a cron schedule in a time zone. */
export const spec = defineNodeSpec({
  type: 'trigger.schedule',
  version: 1,
  title: 'Schedule',
  description:
    'Starts a run of the active version on a cron schedule, in the time zone you choose (daylight saving time included). ' +
    'The run input is { "scheduledAt": "<ISO time of the fire>" }. After downtime, missed fires are skipped, or run once ' +
    'for all of them, as set below.',
  category: 'trigger',
  icon: 'calendar-clock',
  ports: { inputs: [], outputs: [OUT_PORT] },
  config: z.strictObject({
    cron: field(z.string().min(1).max(200).refine(isCron, { message: 'is not a valid cron expression' }), {
      label: 'Cron',
      placeholder: '0 7 * * 1-5',
      help: 'Five fields (minute hour day-of-month month day-of-week), or six with seconds first. "0 7 * * 1-5" is 07:00 on weekdays.',
    }),
    timeZone: field(z.string().min(1).max(100).refine(isTimeZone, { message: 'is not a known IANA time zone' }), {
      label: 'Time zone',
      placeholder: 'Europe/Berlin',
      help: 'An IANA time zone such as Europe/Berlin or America/New_York.',
    }).default('UTC'),
    missedFires: field(z.enum(['skip', 'runOnce']), {
      label: 'After downtime',
      widget: 'select',
      help: '"skip" ignores fires missed while Flowgate was down; "runOnce" starts one run for all of them when it is back.',
    }).default('skip'),
  }),
  sideEffects: false,
});
