import { z } from 'zod';
import { ERROR_PORT, EXCEPTION_SEVERITIES, IN_PORT, OUT_PORT, defineNodeSpec, expression, field } from '../../runtime/definition/index.js';

/** An exception category: lowercase words joined by "-", e.g. payment-mismatch. */
export const exceptionCategorySchema = z
  .string()
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by "-", e.g. payment-mismatch');

/** A value of the exception's context: text, a number, a flag or nothing. */
const contextValue = z.union([z.string().max(2000), z.number(), z.boolean()]).nullable();

/** Raises an exception: a record people work in the remediation queue, once per step. */
export const spec = defineNodeSpec({
  type: 'flow.raiseException',
  version: 1,
  title: 'Raise exception',
  description:
    'Records an exception for people to work: its category, severity, title and details, what it concerns ' +
    '(an order, an invoice, ... and its id), the partner or team that owns it and facts about it. It is due ' +
    "after the workflow's SLA (slaMinutes). A step that runs again (a retry, a restart) raises it once. " +
    'The input passes on with the exception\'s id and key (EX-42) under "exception".',
  category: 'flow',
  icon: 'triangle-alert',
  ports: { inputs: [IN_PORT], outputs: [OUT_PORT, ERROR_PORT] },
  config: z.strictObject({
    category: expression(exceptionCategorySchema, { label: 'Category', placeholder: 'payment-mismatch', help: 'What kind of exception, e.g. payment-mismatch, out-of-stock, address-invalid.' }),
    severity: expression(z.enum(EXCEPTION_SEVERITIES), { label: 'Severity', help: 'low, medium, high or critical.' }).default('medium'),
    title: expression(z.string().trim().min(1).max(200), { label: 'Title', help: 'One line people see in the queue, e.g. {"cat": ["Payment does not match order ", {"var": "input.name"}]}.' }),
    details: expression(z.string().max(10_000), { label: 'Details', help: 'What happened and what to check.' }).default(''),
    subjectType: field(z.string().max(40), { label: 'Concerns', widget: 'text', placeholder: 'order', help: 'What the exception is about: order, invoice, shipment, return, purchaseOrder, case, ...' }).optional(),
    subjectId: expression(z.union([z.string().min(1).max(200), z.number()]), { label: 'Its id', help: 'The id of the order, invoice, ... in its system.' }).optional(),
    priority: expression(z.number().min(0).max(100), {
      label: 'Priority',
      help: 'Where it comes in the remediation queue, 0..100, highest first — e.g. the score of a Prioritise step, {"var": "input.priority.score"}. By severity when left out (low 25, medium 50, high 75, critical 90).',
    }).optional(),
    owner: expression(z.string().max(100), { label: 'Owner', help: 'The partner or team that owns it, e.g. the ERP partner; for routing and reports.' }).optional(),
    context: field(z.record(z.string(), expression(contextValue, { widget: 'jsonLogic' })), {
      label: 'Facts',
      widget: 'keyValue',
      placeholder: 'orderTotal',
      help: 'Name → json-logic value: facts about the exception (order total, payment status, country, ...).',
    }).default({}),
  }),
  sideEffects: true,
});
