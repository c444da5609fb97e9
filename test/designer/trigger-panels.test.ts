import { describe, expect, it } from 'vitest';
import { formatFireTime, hasSeconds, nextFireTimes } from '../../designer/src/editor/triggers/next-fire-times.js';
import { SECRET_PLACEHOLDER, curlExample, webhookUrl } from '../../designer/src/editor/triggers/webhook-call.js';

describe('next fire times', () => {
  const from = new Date('2026-03-27T12:00:00Z');

  it('lists the next five in the schedule’s time zone, across a change to summer time', () => {
    const fires = nextFireTimes('0 7 * * 1-5', 'Europe/Berlin', from);
    if (!fires.ok) throw new Error(fires.reason);
    expect(fires.times.map((time) => time.toISOString())).toEqual([
      '2026-03-30T05:00:00.000Z',
      '2026-03-31T05:00:00.000Z',
      '2026-04-01T05:00:00.000Z',
      '2026-04-02T05:00:00.000Z',
      '2026-04-03T05:00:00.000Z',
    ]);
    expect(fires.times.map((time) => formatFireTime(time, 'Europe/Berlin'))).toEqual([
      'Mon 30 Mar 2026, 07:00 CEST',
      'Tue 31 Mar 2026, 07:00 CEST',
      'Wed 1 Apr 2026, 07:00 CEST',
      'Thu 2 Apr 2026, 07:00 CEST',
      'Fri 3 Apr 2026, 07:00 CEST',
    ]);
  });

  it('uses UTC when no time zone is set, and shows seconds for six-field expressions', () => {
    const fires = nextFireTimes('30 0 9 * * *', undefined, from, 2);
    if (!fires.ok) throw new Error(fires.reason);
    expect(hasSeconds('30 0 9 * * *')).toBe(true);
    expect(hasSeconds('0 9 * * *')).toBe(false);
    expect(fires.times.map((time) => formatFireTime(time, 'UTC', true))).toEqual(['Sat 28 Mar 2026, 09:00:30 UTC', 'Sun 29 Mar 2026, 09:00:30 UTC']);
  });

  it('says why when it cannot tell', () => {
    expect(nextFireTimes('', 'UTC', from)).toEqual({ ok: false, reason: 'Set a cron expression to see when this schedule fires.' });
    expect(nextFireTimes('every day', 'UTC', from)).toEqual({ ok: false, reason: '"every day" is not a valid cron expression.' });
    expect(nextFireTimes('0 7 * * *', 'Mars/Olympus', from)).toEqual({ ok: false, reason: '"Mars/Olympus" is not a known IANA time zone, such as Europe/Berlin.' });
  });
});

describe('webhook call', () => {
  it('builds the URL on the server’s origin from the tenant slug and the path', () => {
    expect(webhookUrl('https://flow.example.com', 'contoso', 'orders/created')).toBe('https://flow.example.com/hooks/contoso/orders/created');
    expect(webhookUrl('https://flow.example.com', 'contoso', '')).toBeUndefined();
    expect(webhookUrl('https://flow.example.com', 'contoso', undefined)).toBeUndefined();
  });

  it('shows a token call with the secret in X-Flowgate-Token', () => {
    expect(curlExample({ url: 'https://x.example/hooks/c/p', method: 'POST', auth: 'token', secret: "whsec_a'b" })).toBe(
      [
        `SECRET='whsec_a'\\''b'`,
        `BODY='{"example": true}'`,
        `curl -sS -X POST 'https://x.example/hooks/c/p' \\`,
        `  -H "X-Flowgate-Token: $SECRET" \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  --data-binary "$BODY"`,
      ].join('\n'),
    );
  });

  it('shows an HMAC call that signs the timestamp and the body it sends, a placeholder for a secret not on screen', () => {
    const example = curlExample({ url: 'https://x.example/hooks/c/p', method: 'PUT', auth: 'hmac' });
    expect(example).toContain(`SECRET='${SECRET_PLACEHOLDER}'`);
    expect(example).toContain(`SIGNATURE=$(printf '%s.%s' "$TIMESTAMP" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | awk '{print $NF}')`);
    expect(example).toContain('-H "X-Flowgate-Signature: sha256=$SIGNATURE"');
    expect(example).toContain('--data-binary "$BODY"');
    const get = curlExample({ url: 'https://x.example/hooks/c/p', method: 'GET', auth: 'hmac' });
    expect(get).toContain(`printf '%s.%s' "$TIMESTAMP" ''`);
    expect(get).not.toContain('BODY');
  });
});
