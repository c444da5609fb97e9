import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightsSchema } from '../../../server/contract/insights.js';
import { expectOk } from '../../support/api-helpers.js';
import { DEMO, startServerHarness, type ServerHarness } from '../../support/server-harness.js';

let server: ServerHarness;

beforeAll(async () => {
  server = await startServerHarness();
}, 60_000);
afterAll(() => server.close());

describe('insights', () => {
  it('answers the contract', async () => {
    const owner = await server.signIn(DEMO.partnerOwner);
    const body = expectOk(await owner.request('GET', `/api/v1/tenants/${server.tenants.partner}/insights?scope=customers`));
    expect(insightsSchema.parse(body).runsOverTime).toHaveLength(8);
  });
});
