import { z } from 'zod';
import { ERROR_PORT, IN_PORT, OUT_PORT, defineNodeSpec, expression, field } from '../../runtime/definition/index.js';
import { whenFieldsValid } from '../refine-when.js';

/** Longest delay: 365 days in seconds. */
const MAX_SECONDS = 31_536_000;

/** Pauses the run for a while or until a point in time. */
export const spec = defineNodeSpec({
  type: 'flow.delay',
  version: 1,
  title: 'Delay',
  description:
    'Pauses the run for a number of seconds ("duration") or until a point in time ("until"), then passes its ' +
    'input on unchanged through "Out". The run uses no resources while it waits and resumes on time after a ' +
    'restart. A time that has already passed continues at once.',
  category: 'flow',
  icon: 'timer',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z
    .strictObject({
      mode: field(z.enum(['duration', 'until']), {
        label: 'Wait',
        widget: 'select',
        help: 'duration: for a number of seconds. until: until a point in time, for example a date taken from the input.',
      }).default('duration'),
      seconds: field(z.number().int().min(1).max(MAX_SECONDS), {
        label: 'Seconds',
        widget: 'number',
        placeholder: '3600',
        help: 'How long to wait: 60 is a minute, 3600 an hour, 86400 a day; at most 365 days.',
        visibleWhen: { '!=': [{ var: 'mode' }, 'until'] },
      }).optional(),
      until: expression(z.string(), {
        label: 'Until',
        placeholder: '2030-01-31T09:00:00Z',
        help:
          'An ISO 8601 time with a time zone, such as 2030-01-31T09:00:00Z or 2030-01-31T10:00:00+01:00, or a date ' +
          'such as 2030-01-31 (midnight UTC); typically json-logic such as {"var": "input.shipAfter"}. A time ' +
          'without a time zone is refused rather than guessed.',
        visibleWhen: { '==': [{ var: 'mode' }, 'until'] },
      }).optional(),
    })
    .superRefine(
      (config, ctx) => {
        if (config.mode === 'duration' && config.seconds === undefined) {
          ctx.addIssue({ code: 'custom', path: ['seconds'], message: 'enter how many seconds to wait' });
        }
        if (config.mode === 'until' && config.until === undefined) {
          ctx.addIssue({ code: 'custom', path: ['until'], message: 'enter the time to wait until' });
        }
      },
      // Only the presence of "until" matters here, so a rule saved there does not hold the check back.
      { when: whenFieldsValid(['mode', 'seconds']) },
    ),
  sideEffects: false,
});
