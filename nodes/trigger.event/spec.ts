import { z } from 'zod';
import { OUT_PORT, PLATFORM_EVENT_TYPES, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';

/** Whose events a partner workspace's trigger takes; a customer workspace's always takes its own. */
export const EVENT_SOURCES = ['workspace', 'customers', 'both'] as const;

/** Starts a run for each platform event of the chosen types that passes the filter. */
export const spec = defineNodeSpec({
  type: 'trigger.event',
  version: 1,
  title: 'Platform event',
  description:
    'Starts a run of the active version when something happens on the platform: a run failed or missed its SLA, an ' +
    'approval task opened or is overdue, a version was submitted, approved or activated, an exception was raised or ' +
    'classified. The run input is { "event": { "id", "type", "tenantId", "tenantName", "occurredAt" (ISO time), "data" } }; ' +
    'run.failed and run.finished carry data.failuresInLastHour, the failed runs of that workflow in the hour before, so ' +
    '{">=": [{"var": "event.data.failuresInLastHour"}, 3]} is "three failures in an hour". A customer workspace\'s ' +
    "workflow sees only its own workspace's events; a partner's sees its customers' events, its own, or both, as set " +
    'below. Each event starts a workflow at most once. Events about runs that an event trigger started (their end, ' +
    'failure, tasks and exceptions) start no event-triggered workflows, so an escalation cannot set itself off.',
  category: 'trigger',
  icon: 'bell-ring',
  ports: { inputs: [], outputs: [OUT_PORT] },
  config: z.strictObject({
    events: field(
      z
        .array(field(z.enum(PLATFORM_EVENT_TYPES), { label: 'Event', widget: 'select' }))
        .min(1)
        .max(PLATFORM_EVENT_TYPES.length)
        .refine((types) => new Set(types).size === types.length, 'names an event type twice'),
      {
        label: 'Events',
        widget: 'list',
        help: 'The platform events that start a run (see docs/events.md for what each carries).',
      },
    ),
    filter: expression(jsonValue, {
      label: 'Filter',
      condition: true,
      help:
        'Optional json-logic over { event }; only events for which it is truthy start a run, e.g. ' +
        '{"==": [{"var": "event.data.workflowName"}, "Order sync"]}. A filter that fails on an event counts as not matching.',
    }).optional(),
    from: field(z.enum(EVENT_SOURCES), {
      label: 'Whose events',
      widget: 'select',
      help:
        "For a partner workspace: customers (its customers' events), workspace (its own) or both. A customer " +
        "workspace's workflow always sees its own events and never another workspace's, whatever this says.",
    }).default('customers'),
  }),
  sideEffects: false,
});
