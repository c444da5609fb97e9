import { describe, expect, it } from 'vitest';
import {
  AllowList,
  AllowListError,
  EgressPolicy,
  classifyIp,
  parseHostPattern,
  parseIp,
  splitAllowListText,
  type ResolvedDestination,
} from '../../../runtime/egress/index.js';

function destination(hostname: string, port: number, address = hostname): ResolvedDestination {
  const ip = parseIp(address);
  if (!ip) throw new Error(`${address} is not an address`);
  return { hostname, port, address: classifyIp(ip) };
}

function problem(entries: string[], scope: 'deployment' | 'tenant'): AllowListError {
  try {
    AllowList.parse(entries, scope);
  } catch (error) {
    if (error instanceof AllowListError) return error;
    throw error;
  }
  throw new Error(`${entries.join(', ')} was accepted`);
}

describe('host patterns', () => {
  it.each([
    ['erp.example.com:443', 'erp.example.com:443'],
    ['ERP.Example.com.:8443', 'erp.example.com:8443'],
    ['*.corp.example:*', '*.corp.example:*'],
    ['10.0.0.5:22', '10.0.0.5:22'],
    ['10.0.0.0/8:*', '10.0.0.0/8:*'],
    ['[fd00::1]:443', '[fd00::1]:443'],
    ['[FD00::/8]:443', '[fd00::/8]:443'],
    ['[::ffff:10.0.0.5]:80', '10.0.0.5:80'],
    ['localhost:3000', 'localhost:3000'],
  ])('%s parses as %s', (entry, canonical) => {
    expect(parseHostPattern(entry, { portRequired: true }).text).toBe(canonical);
  });

  it.each([
    ['erp.example.com', /needs a port: "erp.example.com:443" for one port, "erp.example.com:\*" for any/],
    ['erp.example.com:99999', /port "99999"; a port is a number from 1 to 65535, or \*/],
    ['erp.example.com:http', /port "http"/],
    ['*:443', /names every host/],
    ['fd00::1:443', /write IPv6 addresses in brackets/],
    ['[fd00::1:443', /opens "\[" without closing it/],
    ['[erp.example.com]:443', /not an IPv6 address/],
    ['127.1:80', /an IP address in an unusual spelling; write it as 127.0.0.1/],
    ['2130706433:80', /write it as 127.0.0.1/],
    ['10.0.0.0/33:80', /not a network in CIDR notation/],
    ['erp example:80', /not a host name/],
    [':80', /not a host name/],
  ])('%s is refused: %s', (entry, message) => {
    expect(() => parseHostPattern(entry, { portRequired: true })).toThrow(message);
  });

  it('leaves the port out where that is allowed (any port)', () => {
    const pattern = parseHostPattern('api.example.com', { portRequired: false });
    expect(pattern).toMatchObject({ text: 'api.example.com', port: undefined });
  });
});

describe('allow-lists', () => {
  it('splits the environment variable on commas and white space', () => {
    expect(splitAllowListText(' 127.0.0.1:8080, erp.internal:443\n10.0.0.0/8:* ')).toEqual(['127.0.0.1:8080', 'erp.internal:443', '10.0.0.0/8:*']);
    expect(splitAllowListText(undefined)).toEqual([]);
  });

  it('match names on the URL host and networks on the address connected to, each with its port', () => {
    const list = AllowList.parse(['erp.internal:8443', '*.corp.example:*', '10.0.0.0/8:443', '[fd00::/8]:*'], 'deployment');
    expect(list.find(destination('erp.internal', 8443, '10.9.9.9'))?.text).toBe('erp.internal:8443');
    expect(list.find(destination('erp.internal', 8444, '10.9.9.9'))).toBeUndefined();
    expect(list.find(destination('a.b.corp.example', 1, '192.168.0.1'))?.text).toBe('*.corp.example:*');
    expect(list.find(destination('corp.example', 1, '192.168.0.1'))).toBeUndefined();
    expect(list.find(destination('notcorp.example', 1, '192.168.0.1'))).toBeUndefined();
    expect(list.find(destination('anything.example', 443, '10.1.2.3'))?.text).toBe('10.0.0.0/8:443');
    expect(list.find(destination('anything.example', 80, '10.1.2.3'))).toBeUndefined();
    expect(list.find(destination('fd00::5', 9, 'fd00::5'))?.text).toBe('[fd00::/8]:*');
    expect(list.find(destination('11.0.0.1', 443))).toBeUndefined();
  });

  it('let the deployment open any address, loopback included', () => {
    expect(AllowList.parse(['127.0.0.1:*', '[::1]:8080', '169.254.169.254:80'], 'deployment').entries).toEqual(['127.0.0.1:*', '[::1]:8080', '169.254.169.254:80']);
  });

  it.each([
    ['127.0.0.1:8080', /covers 127\.0\.0\.1, a loopback address \(this machine\); a workspace's allow-list can open private networks only/],
    ['[::1]:80', /covers ::1, a loopback address/],
    ['169.254.169.254:80', /covers 169\.254\.169\.254, a link-local address \(where cloud metadata services answer\)/],
    ['0.0.0.0:80', /covers 0\.0\.0\.0, the unspecified address/],
    ['0.0.0.0/0:*', /covers 0\.0\.0\.0/],
    ['10.0.0.0/7:*', /covers 11\.255\.255\.255/],
    ['224.0.0.1:80', /multicast/],
    ['8.8.8.8:53', /covers 8\.8\.8\.8, a public address; .*public addresses need no entry/],
  ])('keep a workspace from naming %s', (entry, message) => {
    const error = problem(['erp.internal:443', entry], 'tenant');
    expect(error.index).toBe(1);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('FLOWGATE_EGRESS_ALLOW');
  });

  it('let a workspace name private networks and host names', () => {
    expect(AllowList.parse(['10.0.0.0/8:443', '172.16.5.4:1433', '192.168.0.0/16:*', '100.64.0.0/10:*', '[fd00::/8]:443', 'erp.contoso.internal:8443'], 'tenant').entries).toHaveLength(6);
  });

  it('hold at most 200 entries', () => {
    const entries = Array.from({ length: 201 }, (_, index) => `host${index}.example:443`);
    expect(problem(entries, 'deployment').message).toMatch(/at most 200 entries/);
  });
});

describe('the egress policy', () => {
  const setting = "the workspace's egress allow-list";
  const policy = new EgressPolicy(AllowList.parse(['127.0.0.1:9000', 'localhost:9001'], 'deployment'), setting);

  it('allows public addresses without any entry', () => {
    expect(policy.refusal(destination('8.8.8.8', 443), undefined)).toBeUndefined();
  });

  it('opens what the deployment names, whatever the address', () => {
    expect(policy.refusal(destination('127.0.0.1', 9000), undefined)).toBeUndefined();
    expect(policy.refusal(destination('localhost', 9001, '127.0.0.1'), undefined)).toBeUndefined();
    expect(policy.refusal(destination('localhost', 9002, '127.0.0.1'), undefined)?.code).toBe('EGRESS_BLOCKED');
  });

  it("opens private networks the tenant's list names, never loopback or link-local through a name", () => {
    const tenant = AllowList.parse(['erp.contoso.internal:8443', '10.20.0.0/16:*', 'sneaky.example:80', 'metadata.example:80'], 'tenant');
    expect(policy.refusal(destination('erp.contoso.internal', 8443, '10.1.1.1'), tenant)).toBeUndefined();
    expect(policy.refusal(destination('10.20.3.4', 5432), tenant)).toBeUndefined();
    expect(policy.refusal(destination('10.21.3.4', 5432), tenant)?.code).toBe('EGRESS_BLOCKED');
    const loopback = policy.refusal(destination('sneaky.example', 80, '127.0.0.1'), tenant);
    expect(loopback?.message).toBe(
      'the connection to sneaky.example:80 (127.0.0.1) was blocked: 127.0.0.1 is a loopback address (this machine). ' +
        `Only the deployment's allow-list (FLOWGATE_EGRESS_ALLOW) can open it, e.g. with "sneaky.example:80".`,
    );
    expect(policy.refusal(destination('metadata.example', 80, '169.254.169.254'), tenant)?.code).toBe('EGRESS_BLOCKED');
  });

  it('names the address, the range and the setting that would allow it', () => {
    const refusal = policy.refusal(destination('10.0.0.7', 443), undefined);
    expect(refusal).toMatchObject({
      code: 'EGRESS_BLOCKED',
      retryable: false,
      details: { host: '10.0.0.7', port: 443, address: '10.0.0.7', range: 'private' },
    });
    expect(refusal?.message).toBe(
      'the connection to 10.0.0.7:443 was blocked: 10.0.0.7 is a private-network address (RFC 1918). ' +
        `To allow it, add "10.0.0.7:443" to ${setting}, or ask the operator to add it to FLOWGATE_EGRESS_ALLOW.`,
    );
    expect(policy.refusal(destination('fd00::1', 443), undefined)?.message).toContain('add "[fd00::1]:443" to');
  });
});
