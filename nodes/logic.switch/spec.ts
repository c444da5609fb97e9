import { z } from 'zod';
import { ERROR_PORT, IN_PORT, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';

/** Output ports every switch has; cases may not reuse their names. */
const RESERVED_PORTS: ReadonlySet<string> = new Set(['default', 'error']);

const caseSchema = z.strictObject({
  port: field(
    z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/,
        'must start with a letter or "_" and contain only letters, digits, "_" and "-" (at most 64 characters)',
      ),
    { label: 'Port', widget: 'text', placeholder: 'highValue', help: 'Name of the output port of this case.' },
  ),
  label: field(z.string().max(120), {
    label: 'Label',
    widget: 'text',
    help: 'Shown on the port in the canvas; the port name when empty.',
  }).optional(),
  rule: expression(jsonValue, {
    label: 'Rule',
    widget: 'jsonLogic',
    condition: true,
    help: 'json-logic; the case matches when it is truthy.',
  }),
});

/** Routes its input to the port of the first (or every) case whose rule holds. */
export const spec = defineNodeSpec({
  type: 'logic.switch',
  version: 1,
  title: 'Switch',
  description:
    'Sends its input on unchanged through the port of the first case whose rule is truthy ("first"), or ' +
    'through the ports of every such case ("all"), in which case those branches all run. When no case ' +
    'matches, the input goes through "Default". Each case adds an output port named by the case.',
  category: 'logic',
  icon: 'split',
  ports: {
    inputs: [IN_PORT],
    outputs: [{ name: 'default', label: 'Default' }, ERROR_PORT],
    outputsFromConfig: { list: 'cases', port: 'port', label: 'label' },
  },
  config: z
    .strictObject({
      cases: field(z.array(caseSchema).min(1).max(50), {
        label: 'Cases',
        widget: 'list',
        help: 'Checked in order. Port names must be unique and may not be "default" or "error".',
      }),
      mode: field(z.enum(['first', 'all']), {
        label: 'Match',
        widget: 'select',
        help: 'first: only the first matching case. all: every matching case.',
      }).default('first'),
    })
    .superRefine((config, ctx) => {
      const seen = new Set<string>();
      config.cases.forEach((entry, index) => {
        if (RESERVED_PORTS.has(entry.port)) {
          ctx.addIssue({
            code: 'custom',
            path: ['cases', index, 'port'],
            message: `"${entry.port}" is a built-in port of the switch; choose another name`,
          });
        } else if (seen.has(entry.port)) {
          ctx.addIssue({
            code: 'custom',
            path: ['cases', index, 'port'],
            message: `the port "${entry.port}" is used by an earlier case; port names must be unique`,
          });
        }
        seen.add(entry.port);
      });
    }),
  sideEffects: false,
});
