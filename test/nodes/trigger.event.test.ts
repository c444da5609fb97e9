import { describe, expect, it } from 'vitest';
import { execute } from '../../nodes/trigger.event/execute.js';
import { sampleEventInput } from '../../nodes/trigger.event/sample-event.js';
import { spec } from '../../nodes/trigger.event/spec.js';
import { nodeCatalog } from '../../nodes/catalog.js';
import { PLATFORM_EVENT_TYPES, formatPath, validateWorkflow, type JsonObject } from '../../runtime/definition/index.js';
import { ExpressionError, evaluateExpression } from '../../runtime/expressions/index.js';
import { engineHarness } from '../support/engine-harness.js';
import { workflow } from '../support/definitions.js';
import { fakeContext } from './fake-context.js';
import { issueMessages, issuePaths } from './config-issues.js';

/** A definition starting on `config`'s events, passing the event on to a transform. */
function eventWorkflow(config: JsonObject) {
  return workflow(
    [
      { id: 'on', type: 'trigger.event', config },
      { id: 'pass', type: 'data.transform', config: { fields: { type: { var: 'input.event.type' } } } },
    ],
    [['on', 'out', 'pass']],
  );
}

/** The validator's problems with a saved event trigger: "<code> <path inside its config>". */
function savedProblems(config: JsonObject): string[] {
  return validateWorkflow(eventWorkflow(config), nodeCatalog).map((problem) => `${problem.code} ${formatPath(problem.path.slice(3))}`);
}

describe('trigger.event', () => {
  it('takes a list of platform event types, with "customers" as the default source and no filter', () => {
    expect(spec.config.parse({ events: ['run.failed', 'exception.raised'] })).toEqual({ events: ['run.failed', 'exception.raised'], from: 'customers' });
    expect(spec.config.parse({ events: [...PLATFORM_EVENT_TYPES], from: 'both', filter: { '>=': [{ var: 'event.data.failuresInLastHour' }, 3] } })).toMatchObject({ from: 'both' });
  });

  it('refuses no events, an unknown event type, an event named twice and an unknown source, at their paths', () => {
    expect(issuePaths(spec.config, { events: [] })).toEqual([['events']]);
    expect(issuePaths(spec.config, {})).toEqual([['events']]);
    expect(issuePaths(spec.config, { events: ['run.failed', 'run.exploded'] })).toEqual([['events', 1]]);
    expect(issueMessages(spec.config, { events: ['run.failed', 'run.failed'] })).toEqual(['names an event type twice']);
    expect(issuePaths(spec.config, { events: ['run.failed'], from: 'everyone' })).toEqual([['from']]);
    expect(issuePaths(spec.config, { events: ['run.failed'], extra: true })).toEqual([[]]);
  });

  it('has its filter checked as json-logic in a saved definition', () => {
    expect(savedProblems({ events: ['run.failed'], filter: { '==': [{ var: 'event.type' }, 'run.failed'] } })).toEqual([]);
    expect(savedProblems({ events: ['run.failed'], filter: { method: [{ var: 'event' }, 'toString'] } })).toEqual(['expression filter.method']);
    expect(savedProblems({ events: ['run.failed'], filter: { '==': [{ var: 'event.__proto__' }, 1] } })).toHaveLength(1);
  });

  it('passes the event on as its output', async () => {
    const config = spec.config.parse({ events: ['task.overdue'] });
    const input = sampleEventInput('task.overdue');
    expect(await execute(fakeContext(), config, input)).toEqual({ output: input });
  });

  it('offers a sample input for test runs of every event type, shaped as runs receive it', () => {
    for (const type of PLATFORM_EVENT_TYPES) {
      const { event } = sampleEventInput(type);
      expect(event.type).toBe(type);
      expect(typeof event.id === 'string' && typeof event.tenantId === 'string' && typeof event.tenantName === 'string').toBe(true);
      expect(new Date(event.occurredAt as string).toISOString()).toBe(event.occurredAt);
      expect(Object.keys(event.data as object).length, type).toBeGreaterThan(0);
    }
    expect(sampleEventInput('run.failed').event.data).toMatchObject({ failuresInLastHour: 3 });
  });

  it('is not evaluated in the run: a filter that would fail on the run context leaves the run alone', async () => {
    // A data-dependent path that reaches "constructor" fails when evaluated over this run's context.
    const filter = { var: { var: 'input.name' } };
    const input = { name: 'constructor' };
    expect(() => evaluateExpression(filter, { input })).toThrow(ExpressionError);
    const harness = engineHarness();
    try {
      const run = await harness.engine.execute({ definition: eventWorkflow({ events: ['exception.raised'], filter }), input });
      expect(run.status).toBe('succeeded');
      expect(run.output).toEqual({ type: null });
    } finally {
      await harness.close();
    }
  });
});
