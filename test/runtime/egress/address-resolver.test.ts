import { describe, expect, it } from 'vitest';
import { NodeExecutionError } from '../../../runtime/definition/index.js';
import { EgressGuard, type EgressLookup } from '../../../runtime/egress/index.js';

/** A resolver answering from a table. */
function tableLookup(table: Record<string, string[]>): EgressLookup {
  return (hostname) => Promise.resolve((table[hostname] ?? []).map((address) => ({ address })));
}

async function refusal(promise: Promise<unknown>): Promise<NodeExecutionError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NodeExecutionError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const lookup = tableLookup({
  'smtp.example.com': ['52.96.10.10'],
  'relay.contoso.internal': ['10.0.0.25'],
  'rebind.attacker.test': ['127.0.0.1', '52.96.10.20'],
  'metadata.attacker.test': ['169.254.169.254'],
});

describe('the egress guard resolves addresses for connections that are not HTTP (SMTP)', () => {
  it('answers the public address of a name, and an allowed IP literal as it is', async () => {
    const resolve = new EgressGuard({ lookup }).addressesForTenant('t1');
    expect(await resolve('smtp.example.com', 587)).toEqual(['52.96.10.10']);
    expect(await resolve('SMTP.Example.com.', 587)).toEqual(['52.96.10.10']);
    expect(await resolve('52.96.10.99', 25)).toEqual(['52.96.10.99']);
  });

  it('refuses loopback, link-local and private addresses with the policy error, naming the fix', async () => {
    const resolve = new EgressGuard({ lookup }).addressesForTenant('t1');
    const loopback = await refusal(resolve('127.0.0.1', 25));
    expect(loopback).toMatchObject({ code: 'EGRESS_BLOCKED', retryable: false, details: { host: '127.0.0.1', port: 25, range: 'loopback' } });
    expect(loopback.message).toContain('FLOWGATE_EGRESS_ALLOW');
    expect(await refusal(resolve('metadata.attacker.test', 25))).toMatchObject({ code: 'EGRESS_BLOCKED', details: { range: 'linkLocal' } });
    expect(await refusal(resolve('relay.contoso.internal', 25))).toMatchObject({ code: 'EGRESS_BLOCKED', details: { range: 'private' } });
  });

  it('skips a refused address of a name for an allowed one', async () => {
    expect(await new EgressGuard({ lookup }).addressesForTenant('t1')('rebind.attacker.test', 25)).toEqual(['52.96.10.20']);
  });

  it("opens a private address by the tenant's own list, for that tenant only", async () => {
    const guard = new EgressGuard({ lookup, tenantAllowList: (tenantId) => (tenantId === 'acme' ? ['relay.contoso.internal:25'] : []), tenantSetting: 'Settings → Network' });
    expect(await guard.addressesForTenant('acme')('relay.contoso.internal', 25)).toEqual(['10.0.0.25']);
    const other = await refusal(guard.addressesForTenant('globex')('relay.contoso.internal', 25));
    expect(other.message).toContain('add "relay.contoso.internal:25" to Settings → Network');
    expect(await refusal(guard.addressesForTenant('acme')('relay.contoso.internal', 587))).toMatchObject({ code: 'EGRESS_BLOCKED' });
    await guard.close();
  });

  it("follows a change of the tenant's list", async () => {
    let entries: string[] = [];
    const guard = new EgressGuard({ lookup, tenantAllowList: () => entries, tenantSetting: 'Settings → Network' });
    const resolve = guard.addressesForTenant('acme');
    expect(await refusal(resolve('relay.contoso.internal', 25))).toMatchObject({ code: 'EGRESS_BLOCKED' });
    entries = ['10.0.0.0/24:25'];
    guard.tenantListChanged('acme');
    expect(await resolve('relay.contoso.internal', 25)).toEqual(['10.0.0.25']);
    await guard.close();
  });

  it("opens loopback by the deployment's list", async () => {
    expect(await new EgressGuard({ lookup, allow: ['127.0.0.1:2525'] }).addressesForTenant('t1')('127.0.0.1', 2525)).toEqual(['127.0.0.1']);
  });
});
