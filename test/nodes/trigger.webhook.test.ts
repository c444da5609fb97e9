import { describe, expect, it } from 'vitest';
import { execute } from '../../nodes/trigger.webhook/execute.js';
import { spec } from '../../nodes/trigger.webhook/spec.js';
import { issueMessages, issuePaths, isVisible } from './config-issues.js';
import { fakeContext } from './fake-context.js';

describe('trigger.webhook', () => {
  it('is a trigger: no inputs, one output', () => {
    expect(spec.category).toBe('trigger');
    expect(spec.ports.inputs).toEqual([]);
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out']);
  });

  it('fills in defaults', () => {
    expect(spec.config.parse({ path: 'orders/created' })).toEqual({
      path: 'orders/created',
      method: 'POST',
      auth: 'hmac',
      respond: 'immediately',
      timeoutSeconds: 30,
      maxBodyBytes: 1_048_576,
    });
  });

  it('accepts lowercase paths with digits, "-", "_" and inner "/"', () => {
    for (const path of ['a', 'orders', 'shop-1/orders_created/v2', 'x'.repeat(200)]) {
      expect(issuePaths(spec.config, { path })).toEqual([]);
    }
  });

  it('rejects bad paths at "path"', () => {
    for (const path of ['', '/orders', 'orders/', 'a//b', 'Orders', 'or ders', 'orders?x=1', 'x'.repeat(201), 'ü']) {
      expect(issuePaths(spec.config, { path }), path).toEqual(expect.arrayContaining([['path']]));
      expect(issuePaths(spec.config, { path }).every((issue) => issue.join('.') === 'path')).toBe(true);
    }
    expect(issuePaths(spec.config, {})).toEqual([['path']]);
  });

  it('checks method, auth, respond and their ranges', () => {
    const base = { path: 'hook' };
    expect(issuePaths(spec.config, { ...base, method: 'DELETE' })).toEqual([['method']]);
    expect(issuePaths(spec.config, { ...base, auth: 'none' })).toEqual([['auth']]);
    expect(issuePaths(spec.config, { ...base, respond: 'later' })).toEqual([['respond']]);
    for (const timeoutSeconds of [0, 301, 1.5]) {
      expect(issuePaths(spec.config, { ...base, timeoutSeconds })).toEqual([['timeoutSeconds']]);
    }
    expect(issuePaths(spec.config, { ...base, timeoutSeconds: 300 })).toEqual([]);
    expect(issuePaths(spec.config, { ...base, maxBodyBytes: 10_485_761 })).toEqual([['maxBodyBytes']]);
    expect(issuePaths(spec.config, { ...base, maxBodyBytes: 0 })).toEqual([['maxBodyBytes']]);
    expect(issuePaths(spec.config, { ...base, maxBodyBytes: 10_485_760 })).toEqual([]);
    expect(issuePaths(spec.config, { ...base, secret: 'x' })).toEqual([[]]);
  });

  it('takes a dedupe key from one header or one body path, never both or neither', () => {
    const base = { path: 'hook' };
    expect(issuePaths(spec.config, { ...base, dedupe: { header: 'X-Shopify-Webhook-Id' } })).toEqual([]);
    expect(issuePaths(spec.config, { ...base, dedupe: { bodyPath: 'order.id' } })).toEqual([]);
    expect(issuePaths(spec.config, { ...base, dedupe: { bodyPath: 'items.0.sku' } })).toEqual([]);
    expect(issueMessages(spec.config, { ...base, dedupe: {} })).toEqual(['name either a key header or a key in the body, one of the two']);
    expect(issuePaths(spec.config, { ...base, dedupe: { header: 'X-Id', bodyPath: 'id' } })).toEqual([['dedupe']]);
    expect(issuePaths(spec.config, { ...base, dedupe: { header: 'X Id' } })).toEqual([['dedupe', 'header']]);
    for (const bodyPath of ['', '.id', 'a..b', 'a b', '__proto__.x', 'a.constructor', 'x'.repeat(201)]) {
      expect(issuePaths(spec.config, { ...base, dedupe: { bodyPath } }), bodyPath).toEqual([['dedupe', 'bodyPath']]);
    }
    expect(issueMessages(spec.config, { ...base, dedupe: { query: 'id' } })).toEqual(['Unrecognized key: "query"', 'name either a key header or a key in the body, one of the two']);
    expect(spec.description).toMatch(/Idempotency-Key/);
  });

  it('shows the response timeout only when responding on completion', () => {
    const field = spec.config.shape.timeoutSeconds;
    expect(isVisible(field, spec.config.parse({ path: 'a', respond: 'onCompletion' }))).toBe(true);
    expect(isVisible(field, spec.config.parse({ path: 'a', respond: 'immediately' }))).toBe(false);
    expect(isVisible(spec.config.shape.method, spec.config.parse({ path: 'a' }))).toBe(true);
  });

  it('documents the input contract in its description', () => {
    expect(spec.description).toMatch(/parsed request body/);
    expect(spec.description).toMatch(/"text"/);
    expect(spec.description).toMatch(/run\.trigger/);
  });

  it('outputs the parsed body unchanged', async () => {
    const input = { text: 'a=1&b=2' };
    const outcome = await execute(fakeContext(), spec.config.parse({ path: 'forms/contact' }), input);
    expect(outcome.output).toBe(input);
    expect(outcome.port).toBeUndefined();
  });
});
