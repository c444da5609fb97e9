import { describe, expect, it } from 'vitest';
import { execute } from '../../nodes/trigger.schedule/execute.js';
import { spec } from '../../nodes/trigger.schedule/spec.js';
import { fakeContext } from './fake-context.js';

describe('trigger.schedule', () => {
  it('accepts a cron with a time zone and defaults the rest', () => {
    expect(spec.config.parse({ cron: '0 7 * * 1-5', timeZone: 'Europe/Berlin' })).toEqual({ cron: '0 7 * * 1-5', timeZone: 'Europe/Berlin', missedFires: 'skip' });
    expect(spec.config.parse({ cron: '*/30 * * * * *' })).toMatchObject({ timeZone: 'UTC' });
  });

  it('refuses an invalid cron or time zone with the path of the problem', () => {
    const bad = spec.config.safeParse({ cron: '61 * * * *', timeZone: 'Mars/Olympus' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['cron', 'is not a valid cron expression'],
      ['timeZone', 'is not a known IANA time zone'],
    ]);
  });

  it('passes the scheduler input on', async () => {
    const config = spec.config.parse({ cron: '0 7 * * *' });
    expect(await execute(fakeContext(), config, { scheduledAt: '2026-11-27T07:00:00.000Z' })).toEqual({
      output: { scheduledAt: '2026-11-27T07:00:00.000Z' },
    });
  });
});
