import { describe, expect, it } from 'vitest';
import { fieldHints } from '../../runtime/definition/index.js';
import { evaluateExpression } from '../../runtime/expressions/index.js';
import { execute } from '../../nodes/flow.respond/execute.js';
import { spec } from '../../nodes/flow.respond/spec.js';
import { issuePaths } from './config-issues.js';
import { fakeContext } from './fake-context.js';

const input = { orderId: 'A-1', accepted: true };

describe('flow.respond', () => {
  it('passes through on out, with an error port', () => {
    expect(spec.category).toBe('flow');
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['out', 'error']);
    expect(spec.sideEffects).toBe(false);
  });

  it('marks status, header values and body as expressions', () => {
    expect(fieldHints(spec.config.shape.status).expression).toBe(true);
    expect(fieldHints(spec.config.shape.body).expression).toBe(true);
    expect(fieldHints(spec.config.shape.headers.unwrap().valueType).expression).toBe(true);
  });

  it('defaults to 200, no headers and no body', () => {
    expect(spec.config.parse({})).toEqual({ status: 200, headers: {} });
  });

  it('checks the status range and header names', () => {
    for (const status of [99, 600, 200.5, '200']) {
      expect(issuePaths(spec.config, { status }), String(status)).toEqual([['status']]);
    }
    expect(issuePaths(spec.config, { status: 100 })).toEqual([]);
    expect(issuePaths(spec.config, { status: 599 })).toEqual([]);
    expect(issuePaths(spec.config, { headers: { 'content-type': 'text/plain', 'Bad Name': 'x' } })).toEqual([
      ['headers', 'Bad Name'],
    ]);
    expect(issuePaths(spec.config, { headers: { 'x-count': 3 } })).toEqual([['headers', 'x-count']]);
  });

  it('responds with the evaluated status, headers and body, passing the input on', async () => {
    const body = evaluateExpression({ var: 'input.orderId' }, { input });
    const config = spec.config.parse({ status: 201, headers: { 'x-order': 'A-1' }, body: { id: body } });
    expect(await execute(fakeContext(), config, input)).toEqual({
      output: input,
      response: { status: 201, headers: { 'x-order': 'A-1' }, body: { id: 'A-1' } },
    });
  });

  it('responds with the input when there is no body, and with a null body when it is null', async () => {
    const withoutBody = await execute(fakeContext(), spec.config.parse({}), input);
    expect(withoutBody.response).toEqual({ status: 200, headers: {}, body: input });
    const nullBody = await execute(fakeContext(), spec.config.parse({ body: null }), input);
    expect(nullBody.response?.body).toBeNull();
  });
});
