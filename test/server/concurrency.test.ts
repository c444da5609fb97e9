import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkflow, expectOk } from '../support/api-helpers.js';
import { workflow } from '../support/definitions.js';
import { DEMO, startServerHarness, type ApiClient, type ApiResponse, type ServerHarness } from '../support/server-harness.js';

/**
 * Simultaneous duplicate creates at every route with a unique key: exactly one succeeds, the
 * others answer 409 CONFLICT in the one error shape — never a 500 (issue 9, defect 4: eight
 * simultaneous adds of one new member answered seven 500s).
 */

const SIMULTANEOUS = 8;

let server: ServerHarness;
let partnerOwner: ApiClient;
let customerOwner: ApiClient;
let designer: ApiClient;
let approver: ApiClient;

beforeAll(async () => {
  server = await startServerHarness();
  partnerOwner = await server.signIn(DEMO.partnerOwner);
  customerOwner = await server.signIn(DEMO.customerOwner);
  designer = await server.signIn(DEMO.consultant);
  approver = await server.signIn(DEMO.approver);
});
afterAll(() => server.close());

/** Fires the same request `SIMULTANEOUS` times at once and checks one success, the rest 409. */
async function race(send: () => Promise<ApiResponse>, success: number): Promise<void> {
  const answers = await Promise.all(Array.from({ length: SIMULTANEOUS }, send));
  const statuses = answers.map((answer) => answer.status);
  expect(statuses.filter((status) => status === success), statuses.join(', ')).toHaveLength(1);
  for (const answer of answers.filter((candidate) => candidate.status !== success)) {
    expect(answer.status, answer.text).toBe(409);
    expect((answer.body as { error: { code: string; message: string } }).error.code).toBe('CONFLICT');
  }
}

describe('simultaneous duplicate creates', () => {
  it('create one customer per slug', async () => {
    await race(() => partnerOwner.request('POST', `/api/v1/tenants/${server.tenants.partner}/customers`, { name: 'Race Retail', slug: 'race-retail' }), 201);
  });

  it('create one credential per name', async () => {
    await race(
      () => customerOwner.request('POST', `/api/v1/tenants/${server.tenants.customer}/credentials`, { name: 'race-token', allowedHosts: ['api.example.com'], secret: { type: 'bearer', token: 'race-secret-value' } }),
      201,
    );
  });

  it('record one approval per reviewer and version', async () => {
    const { id } = await createWorkflow(designer, server.tenants.customer, 'Race approval', workflow([{ id: 'start', type: 'trigger.manual' }], []));
    const base = `/api/v1/tenants/${server.tenants.customer}/workflows/${id}`;
    expectOk(await designer.request('POST', `${base}/versions`, { note: 'race' }), 201);
    await race(() => approver.request('POST', `${base}/versions/1/approve`, { comment: 'once' }), 200);
  });

  it('give one workflow a webhook path when several activate it at once', async () => {
    const activations: (() => Promise<ApiResponse>)[] = [];
    for (let index = 0; index < SIMULTANEOUS; index++) {
      const definition = workflow([{ id: 'hook', type: 'trigger.webhook', config: { path: 'race/path', auth: 'token' } }], []);
      const { id } = await createWorkflow(designer, server.tenants.customer, `Race hook ${index}`, definition);
      const base = `/api/v1/tenants/${server.tenants.customer}/workflows/${id}`;
      expectOk(await designer.request('POST', `${base}/versions`, { note: 'race' }), 201);
      expectOk(await approver.request('POST', `${base}/versions/1/approve`, { comment: 'ok' }));
      activations.push(() => approver.request('POST', `${base}/activate`, { version: 1, reason: 'race to the path' }));
    }
    const answers = await Promise.all(activations.map((activate) => activate()));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((candidate) => candidate.status !== 200)) expect(answer.status, answer.text).toBe(409);
  });

  it('add one member per e-mail, whether the account is new or exists', async () => {
    const members = `/api/v1/tenants/${server.tenants.customer}/members`;
    await race(() => customerOwner.request('POST', members, { email: 'new.person@race.example', name: 'New Person', roles: ['viewer'] }), 201);
    await race(() => customerOwner.request('POST', members, { email: DEMO.approver, name: 'Alex Approver', roles: ['viewer'] }), 201);
  });
});
