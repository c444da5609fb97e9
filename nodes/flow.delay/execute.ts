import type { z } from 'zod';
import { NodeExecutionError, type NodeExecute, type NodeResult } from '../../runtime/definition/index.js';
import { parseIsoTime } from './iso-time.js';
import type { spec } from './spec.js';

/** Longest text of a bad time quoted in an error message. */
const MAX_QUOTED = 100;

/** Asks the engine for a timer; the engine continues on `out` with the input when it fires. */
export const execute: NodeExecute<z.output<typeof spec.config>, NodeResult> = (ctx, config) => {
  const now = ctx.clock.now().getTime();
  if (config.mode === 'duration') {
    // The schema requires seconds in this mode; the check keeps execute honest without a cast.
    if (config.seconds === undefined) {
      throw new NodeExecutionError('the delay has no number of seconds', { code: 'DELAY_INVALID_TIME' });
    }
    return { wait: { kind: 'timer', until: now + config.seconds * 1000 } };
  }
  const text = config.until ?? '';
  const parsed = parseIsoTime(text);
  if (!parsed.ok) {
    const quoted = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
    throw new NodeExecutionError(`the time "${quoted}" ${parsed.problem}`, {
      code: 'DELAY_INVALID_TIME',
      details: { until: quoted },
    });
  }
  if (parsed.epochMs < now) {
    ctx.log.info('the time to wait until has passed; continuing at once', { until: new Date(parsed.epochMs).toISOString() });
    return { wait: { kind: 'timer', until: now } };
  }
  return { wait: { kind: 'timer', until: parsed.epochMs } };
};
