import { describe, expect, it } from 'vitest';
import { PRIVATE_NETWORK_RANGES, classifyIp, isPublicRange, parseIp } from '../../../runtime/egress/index.js';

/** What the guard sees of a URL's host: URL parsing first (as for every request), then the address. */
function classifyUrlHost(url: string): { address: string; range: string } | undefined {
  const ip = parseIp(new URL(url).hostname);
  if (ip === undefined) return undefined;
  const { address, range } = classifyIp(ip);
  return { address, range };
}

describe('address classes, in every spelling', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://127.1/', '127.0.0.1', 'loopback'],
    ['http://2130706433/', '127.0.0.1', 'loopback'],
    ['http://0x7f000001/', '127.0.0.1', 'loopback'],
    ['http://017700000001/', '127.0.0.1', 'loopback'],
    ['http://0177.0.0.1/', '127.0.0.1', 'loopback'],
    ['http://127.255.255.254/', '127.255.255.254', 'loopback'],
    ['http://[::1]/', '::1', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', '127.0.0.1', 'loopback'],
    ['http://[::ffff:7f00:1]/', '127.0.0.1', 'loopback'],
    ['http://0.0.0.0/', '0.0.0.0', 'unspecified'],
    ['http://0/', '0.0.0.0', 'unspecified'],
    ['http://[::]/', '::', 'unspecified'],
    ['http://10.1.2.3/', '10.1.2.3', 'private'],
    ['http://172.16.0.1/', '172.16.0.1', 'private'],
    ['http://172.31.255.255/', '172.31.255.255', 'private'],
    ['http://192.168.1.1/', '192.168.1.1', 'private'],
    ['http://[::ffff:10.0.0.1]/', '10.0.0.1', 'private'],
    ['http://169.254.169.254/', '169.254.169.254', 'linkLocal'],
    ['http://[fe80::1]/', 'fe80::1', 'linkLocal'],
    ['http://100.64.0.1/', '100.64.0.1', 'carrierGradeNat'],
    ['http://224.0.0.1/', '224.0.0.1', 'multicast'],
    ['http://[ff02::1]/', 'ff02::1', 'multicast'],
    ['http://255.255.255.255/', '255.255.255.255', 'broadcast'],
    ['http://[fc00::1]/', 'fc00::1', 'uniqueLocal'],
    ['http://[fd12:3456::1]/', 'fd12:3456::1', 'uniqueLocal'],
    ['http://240.0.0.1/', '240.0.0.1', 'reserved'],
    ['http://[64:ff9b::7f00:1]/', '64:ff9b::7f00:1', 'rfc6052'],
    ['http://[2002:7f00:1::]/', '2002:7f00:1::', '6to4'],
    ['http://[2001::1]/', '2001::1', 'teredo'],
    ['http://[::127.0.0.1]/', '::7f00:1', 'ipv4Compatible'],
  ])('%s is %s, %s', (url, address, range) => {
    const classified = classifyUrlHost(url);
    expect(classified).toEqual({ address, range });
    expect(isPublicRange(classified?.range as never)).toBe(false);
  });

  it.each([
    ['http://93.184.215.14/', '93.184.215.14'],
    ['http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    ['http://8.8.8.8/', '8.8.8.8'],
  ])('%s is a public address', (url, address) => {
    expect(classifyUrlHost(url)).toEqual({ address, range: 'unicast' });
  });

  it('takes names for names, not addresses', () => {
    expect(parseIp('localhost')).toBeUndefined();
    expect(parseIp('api.example.com')).toBeUndefined();
    // Odd IPv4 spellings are URL syntax; outside a URL they are not addresses.
    expect(parseIp('127.1')).toBeUndefined();
  });

  it('lets a workspace open private networks only', () => {
    expect([...PRIVATE_NETWORK_RANGES].sort()).toEqual(['carrierGradeNat', 'private', 'uniqueLocal']);
  });
});
