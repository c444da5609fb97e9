import { describe, expect, it } from 'vitest';
import { issuerSchema } from '../../../server/contract/sso.js';

describe('the issuer of a single sign-on connection', () => {
  it('refuses a value that is no URL with a message, without throwing (zod runs refinements after a failed format check)', () => {
    for (const value of ['a'.repeat(501), 'not a url', '']) {
      const result = issuerSchema.safeParse(value);
      expect(result.success, value).toBe(false);
      expect(result.error?.issues.length, value).toBeGreaterThan(0);
    }
  });

  it('keeps the https issuer without its trailing slash, and refuses plain http off this machine and a query', () => {
    expect(issuerSchema.parse('https://login.example.com/tenant/')).toBe('https://login.example.com/tenant');
    expect(issuerSchema.safeParse('http://login.example.com').success).toBe(false);
    expect(issuerSchema.safeParse('https://login.example.com/?x=1').success).toBe(false);
  });
});
