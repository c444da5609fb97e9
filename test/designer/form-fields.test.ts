import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeForm, flattenFields, type FieldDescriptor } from '../../designer/src/editor/model/form-fields.js';
import { nodeSettingsSchema } from '../../designer/src/editor/model/node-settings-schema.js';
import { initialValue, withDefaults } from '../../designer/src/editor/model/zod-introspection.js';
import { nodeCatalog } from '../../nodes/catalog.js';
import { expression, field, jsonValue } from '../../runtime/definition/index.js';

function configOf(type: string): z.ZodType {
  const spec = nodeCatalog.latest(type);
  if (!spec) throw new Error(`no spec ${type}`);
  return spec.config;
}

/** Every field as `id:kind`, hidden ones marked, for compact expectations. */
function shape(fields: readonly FieldDescriptor[]): string[] {
  return flattenFields(fields).map((entry) => `${entry.id}:${entry.kind}${entry.visible ? '' : ' (hidden)'}`);
}

function byId(fields: readonly FieldDescriptor[], id: string): FieldDescriptor {
  const found = flattenFields(fields).find((entry) => entry.id === id);
  if (!found) throw new Error(`no field ${id}`);
  return found;
}

describe('describeForm: one mapping from zod kinds and widget hints to inputs', () => {
  it('maps the HTTP request config: selects, an expression with a text literal, maps, a credential, a number', () => {
    const fields = describeForm(configOf('connector.http'), { url: 'https://example.com', headers: { Accept: 'application/json' } }, ['config']);
    expect(shape(fields)).toEqual([
      'config.method:select',
      'config.url:expression',
      'config.headers:keyValue',
      'config.headers.Accept:expression',
      'config.query:keyValue',
      'config.bodyType:select',
      'config.body:expression (hidden)',
      'config.credential:credential',
      'config.timeoutMs:number',
      'config.responseType:select',
    ]);
    expect(byId(fields, 'config.method')).toMatchObject({ options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'], defaultValue: 'GET', placeholder: 'GET', optional: true });
    expect(byId(fields, 'config.url')).toMatchObject({ label: 'URL', optional: false, builder: false, literal: { kind: 'text' }, value: 'https://example.com' });
    expect(byId(fields, 'config.timeoutMs')).toMatchObject({ integer: true, min: 1, max: 300_000, placeholder: '30000' });
    expect(byId(fields, 'config.body')).toMatchObject({ builder: true, help: expect.stringContaining('json-logic') as unknown });
  });

  it("describes the webhook's dedupe setting as an optional object of two text fields, starting empty", () => {
    const fields = describeForm(configOf('trigger.webhook'), { path: 'orders', dedupe: { header: 'X-Shopify-Webhook-Id' } }, ['config']);
    expect(shape(fields).slice(-3)).toEqual(['config.dedupe:object', 'config.dedupe.header:text', 'config.dedupe.bodyPath:text']);
    expect(byId(fields, 'config.dedupe')).toMatchObject({ optional: true, label: 'Deduplicate retries', initial: {} });
    expect(byId(fields, 'config.dedupe.header')).toMatchObject({ value: 'X-Shopify-Webhook-Id', placeholder: 'X-Shopify-Webhook-Id', maxLength: 100 });
  });

  it("describes the event trigger's config: a list of event choices, a filter with the condition builder, whose events", () => {
    const fields = describeForm(configOf('trigger.event'), { events: ['run.failed', 'task.overdue'] }, ['config']);
    expect(shape(fields)).toEqual(['config.events:list', 'config.events[0]:select', 'config.events[1]:select', 'config.filter:expression', 'config.from:select']);
    expect(byId(fields, 'config.events')).toMatchObject({ optional: false, newItem: 'run.finished', min: 1, max: 10 });
    expect(byId(fields, 'config.events[0]')).toMatchObject({ value: 'run.failed', options: expect.arrayContaining(['run.failed', 'exception.classified']) as unknown });
    expect(byId(fields, 'config.filter')).toMatchObject({ optional: true, builder: true });
    expect(byId(fields, 'config.from')).toMatchObject({ options: ['workspace', 'customers', 'both'], defaultValue: 'customers' });
  });

  it('shows a field whose visibleWhen holds over the config with its defaults', () => {
    const schema = configOf('connector.http');
    expect(byId(describeForm(schema, { bodyType: 'json' }, ['config']), 'config.body').visible).toBe(true);
    expect(byId(describeForm(schema, {}, ['config']), 'config.body').visible).toBe(false);
    const delay = configOf('flow.delay');
    expect(shape(describeForm(delay, {}, ['config']))).toEqual(['config.mode:select', 'config.seconds:number', 'config.until:expression (hidden)']);
    expect(shape(describeForm(delay, { mode: 'until' }, ['config']))).toEqual(['config.mode:select', 'config.seconds:number (hidden)', 'config.until:expression']);
  });

  it('describes list items with the same mapping (switch cases) and offers a new item', () => {
    const fields = describeForm(configOf('logic.switch'), { cases: [{ port: 'big', rule: { '>': [{ var: 'input.total' }, 100] } }] }, ['config']);
    expect(shape(fields)).toEqual(['config.cases:list', 'config.cases[0]:object', 'config.cases[0].port:text', 'config.cases[0].label:text', 'config.cases[0].rule:expression', 'config.mode:select']);
    expect(byId(fields, 'config.cases')).toMatchObject({ newItem: { port: '' }, min: 1, max: 50 });
    expect(byId(fields, 'config.cases[0].rule')).toMatchObject({ builder: true, label: 'Rule' });
  });

  it('describes a record of expressions (transform fields) by key, keys with dots formatted as the validator does', () => {
    const fields = describeForm(configOf('data.transform'), { fields: { 'customer.email': { var: 'input.email' } } }, ['config']);
    expect(shape(fields)).toEqual(['config.fields:keyValue', 'config.fields["customer.email"]:expression', 'config.keepInput:switch']);
    expect(byId(fields, 'config.fields["customer.email"]')).toMatchObject({ label: 'customer.email', path: ['fields', 'customer.email'] });
  });

  it('uses the json widget for free JSON, textarea and lists of choices where the hints say so', () => {
    expect(shape(describeForm(configOf('trigger.manual'), {}, ['config']))).toEqual(['config.sampleInput:json']);
    const approval = describeForm(configOf('human.approval'), { approverRoles: ['approver'] }, ['config']);
    expect(byId(approval, 'config.instructions')).toMatchObject({ kind: 'expression', literal: { kind: 'textarea' } });
    expect(byId(approval, 'config.approverRoles[0]')).toMatchObject({ kind: 'select', options: ['owner', 'designer', 'approver', 'operator', 'viewer'] });
    expect(byId(approval, 'config.onDue').visible).toBe(false);
    expect(byId(describeForm(configOf('human.approval'), { dueInMinutes: 60 }, ['config']), 'config.onDue').visible).toBe(true);
  });

  it('describes the common node settings, nested retry policy included', () => {
    const fields = describeForm(nodeSettingsSchema, { name: 'Charge', retry: { maxAttempts: 3 } }, []);
    expect(shape(fields)).toEqual([
      'name:text',
      'notes:textarea',
      'retry:object',
      'retry.maxAttempts:number',
      'retry.initialDelayMs:number',
      'retry.backoffFactor:number',
      'retry.maxDelayMs:number',
      'retry.jitter:switch',
      'timeoutMs:number',
    ]);
    expect(byId(fields, 'retry')).toMatchObject({ optional: true, initial: { maxAttempts: 3, jitter: true } });
    expect(byId(fields, 'retry.initialDelayMs')).toMatchObject({ placeholder: '1000', min: 0 });
  });

  it('labels fields without a label hint from their key and falls back to JSON for kinds without an input', () => {
    const schema = z.object({ maxDelayMs: z.number(), payload: z.tuple([z.string()]), flag: field(z.boolean(), { label: 'Flag!' }) });
    const fields = describeForm(schema, {}, []);
    expect(fields.map((entry) => [entry.label, entry.kind])).toEqual([
      ['Max delay ms', 'number'],
      ['Payload', 'json'],
      ['Flag!', 'switch'],
    ]);
  });

  it('shows every field when a visibleWhen rule cannot be evaluated', () => {
    const schema = z.object({ shown: field(z.string(), { visibleWhen: { method: ['x', 'y'] } }) });
    expect(describeForm(schema, {}, [])[0]?.visible).toBe(true);
  });

  it('offers a number-typed literal for numeric expressions and a builder only for JSON or boolean ones', () => {
    const schema = z.object({ status: expression(z.number().int().min(100).max(599)), when: expression(z.boolean()), any: expression(jsonValue) });
    const fields = describeForm(schema, {}, []);
    expect(fields.map((entry) => (entry.kind === 'expression' ? [entry.literal?.kind, entry.builder] : null))).toEqual([
      ['number', false],
      ['switch', true],
      ['text', true],
    ]);
    const condition = describeForm(z.object({ rule: expression(jsonValue, { condition: true }) }), {}, [])[0];
    expect(condition).toMatchObject({ kind: 'expression', builder: true });
    expect(condition && 'literal' in condition ? condition.literal : undefined).toBeUndefined();
  });
});

describe('initial values and defaults', () => {
  it('starts new items from defaults or empty values, leaving required JSON out', () => {
    expect(initialValue(z.object({ a: z.string(), b: z.number().min(5), c: z.enum(['x', 'y']), d: jsonValue, e: z.boolean().default(true) }))).toEqual({ a: '', b: 5, c: 'x', e: true });
    expect(initialValue(z.array(z.string()))).toEqual([]);
    expect(initialValue(z.string().optional())).toBeUndefined();
  });

  it('fills in the defaults of an object schema', () => {
    expect(withDefaults(configOf('trigger.webhook'), { path: 'x' })).toEqual({ path: 'x', method: 'POST', auth: 'hmac', respond: 'immediately', timeoutSeconds: 30, maxBodyBytes: 1_048_576 });
  });
});
