import { describe, expect, it } from 'vitest';
import { NodeExecutionError, fieldHints } from '../../runtime/definition/index.js';
import { evaluateExpression } from '../../runtime/expressions/index.js';
import { execute } from '../../nodes/flow.delay/execute.js';
import { parseIsoTime } from '../../nodes/flow.delay/iso-time.js';
import { spec } from '../../nodes/flow.delay/spec.js';
import { isVisible, issueMessages, issuePaths } from './config-issues.js';
import { FAKE_NOW, fakeContext, thrownBy } from './fake-context.js';
import { savedConfigProblems } from './saved-config.js';

const input = { orderId: 'A-1001', shipAfter: '2030-01-05T08:00:00+01:00' };
const now = FAKE_NOW.getTime();

async function run(config: unknown, ctx = fakeContext()) {
  return execute(ctx, spec.config.parse(config), input);
}

describe('flow.delay', () => {
  it('continues on out, with an error port and no side effects', () => {
    expect(spec.category).toBe('flow');
    expect(spec.icon).toBe('timer');
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out', 'error']);
    expect(spec.sideEffects).toBe(false);
  });

  it('marks only "until" as an expression', () => {
    expect(fieldHints(spec.config.shape.until).expression).toBe(true);
    expect(fieldHints(spec.config.shape.seconds).expression).toBeUndefined();
  });

  it('shows seconds or until by mode, seconds also before a mode is chosen', () => {
    const { seconds, until } = spec.config.shape;
    expect(isVisible(seconds, {})).toBe(true);
    expect(isVisible(seconds, { mode: 'duration' })).toBe(true);
    expect(isVisible(seconds, { mode: 'until' })).toBe(false);
    expect(isVisible(until, { mode: 'duration' })).toBe(false);
    expect(isVisible(until, { mode: 'until' })).toBe(true);
  });

  it('waits a duration by default, and needs the seconds then', () => {
    expect(spec.config.parse({ seconds: 60 })).toEqual({ mode: 'duration', seconds: 60 });
    expect(issuePaths(spec.config, {})).toEqual([['seconds']]);
    expect(issueMessages(spec.config, {})[0]).toMatch(/how many seconds/);
    expect(issuePaths(spec.config, { mode: 'duration', until: '2030-01-01' })).toEqual([['seconds']]);
  });

  it('needs "until" in until mode, and ignores the hidden seconds', () => {
    expect(issuePaths(spec.config, { mode: 'until' })).toEqual([['until']]);
    expect(issuePaths(spec.config, { mode: 'until', until: '2030-01-01', seconds: 5 })).toEqual([]);
  });

  it('checks the range of seconds and the mode', () => {
    for (const seconds of [0, 31_536_001, 1.5, '60']) {
      expect(issuePaths(spec.config, { seconds }), String(seconds)).toEqual([['seconds']]);
    }
    expect(issuePaths(spec.config, { seconds: 1 })).toEqual([]);
    expect(issuePaths(spec.config, { seconds: 31_536_000 })).toEqual([]);
    expect(issuePaths(spec.config, { mode: 'later', seconds: 1 })).toEqual([['mode']]);
    expect(issuePaths(spec.config, { mode: 'until', until: 5 })).toEqual([['until']]);
  });

  it('reports a missing duration in a saved definition even when the hidden "until" holds json-logic', () => {
    expect(savedConfigProblems('flow.delay', { mode: 'until', until: { var: 'input.shipAfter' } })).toEqual([]);
    expect(savedConfigProblems('flow.delay', { until: { var: 'input.shipAfter' } })).toEqual(['config seconds']);
  });

  it('waits the given seconds from the clock', async () => {
    expect(await run({ seconds: 90 })).toEqual({ wait: { kind: 'timer', until: now + 90_000 } });
    const later = new Date('2031-03-04T05:06:07.000Z');
    expect(await run({ seconds: 1 }, fakeContext({ now: later }))).toEqual({
      wait: { kind: 'timer', until: later.getTime() + 1000 },
    });
  });

  it('waits until an evaluated time with an offset', async () => {
    const until = evaluateExpression({ var: 'input.shipAfter' }, { input });
    expect(await run({ mode: 'until', until })).toEqual({
      wait: { kind: 'timer', until: Date.parse('2030-01-05T07:00:00Z') },
    });
  });

  it('continues at once when the time has passed', async () => {
    const ctx = fakeContext();
    expect(await run({ mode: 'until', until: '2029-12-31T23:59:59Z' }, ctx)).toEqual({ wait: { kind: 'timer', until: now } });
    expect(ctx.logged).toEqual([
      {
        level: 'info',
        message: 'the time to wait until has passed; continuing at once',
        fields: { until: '2029-12-31T23:59:59.000Z' },
      },
    ]);
    expect(await run({ mode: 'until', until: FAKE_NOW.toISOString() })).toEqual({ wait: { kind: 'timer', until: now } });
  });

  it('fails with DELAY_INVALID_TIME for a time it cannot read', async () => {
    const cases: [string, RegExp][] = [
      ['tomorrow', /"tomorrow" is not an ISO 8601 time/],
      ['', /"" is not an ISO 8601 time/],
      ['Jan 5 2030', /is not an ISO 8601 time/],
      ['2030-01-05T08:00:00', /has no time zone; add Z/],
      ['2030-02-30', /is not a date that exists/],
      ['2030-13-01T00:00:00Z', /is not a date that exists/],
      ['2030-01-05T24:00:00Z', /is not a time of day that exists/],
      ['2030-01-05T08:00:00+24:00', /impossible time zone offset/],
    ];
    for (const [until, message] of cases) {
      const error = await thrownBy(() => run({ mode: 'until', until }));
      expect(error, until).toBeInstanceOf(NodeExecutionError);
      if (!(error instanceof NodeExecutionError)) return;
      expect(error.code).toBe('DELAY_INVALID_TIME');
      expect(error.message).toMatch(message);
      expect(error.details).toEqual({ until });
    }
  });

  it('quotes at most 100 characters of a bad time', async () => {
    const error = await thrownBy(() => run({ mode: 'until', until: 'x'.repeat(5000) }));
    expect(error).toBeInstanceOf(NodeExecutionError);
    if (!(error instanceof NodeExecutionError)) return;
    expect(error.message.length).toBeLessThan(200);
    expect(error.details).toEqual({ until: `${'x'.repeat(100)}…` });
  });
});

describe('parseIsoTime', () => {
  it('reads dates as midnight UTC and date-times with Z or an offset', () => {
    const cases: [string, string][] = [
      ['2030-01-31', '2030-01-31T00:00:00.000Z'],
      ['2030-01-31T09:00Z', '2030-01-31T09:00:00.000Z'],
      ['2030-01-31T09:00:00Z', '2030-01-31T09:00:00.000Z'],
      ['2030-01-31t09:00:00z', '2030-01-31T09:00:00.000Z'],
      ['2030-01-31T09:00:00.5Z', '2030-01-31T09:00:00.500Z'],
      ['2030-01-31T09:00:00,123456Z', '2030-01-31T09:00:00.123Z'],
      ['2030-01-31T10:00:00+01:00', '2030-01-31T09:00:00.000Z'],
      ['2030-01-31T04:30:00-0430', '2030-01-31T09:00:00.000Z'],
      ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ];
    for (const [text, iso] of cases) expect(parseIsoTime(text), text).toEqual({ ok: true, epochMs: Date.parse(iso) });
  });

  it('takes years below 100 literally', () => {
    const parsed = parseIsoTime('0050-06-01');
    expect(parsed.ok && new Date(parsed.epochMs).getUTCFullYear()).toBe(50);
  });

  it('refuses February 29 outside leap years and other formats', () => {
    for (const text of ['2030-02-29', '2030-1-5', '20300105', '2030-01-05 08:00:00Z', '2030-01-05T08Z', ' 2030-01-05']) {
      expect(parseIsoTime(text).ok, text).toBe(false);
    }
  });
});
