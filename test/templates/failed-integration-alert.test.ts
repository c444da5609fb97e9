import { describe, expect, it } from 'vitest';
import { describeRun, templateSuite } from './template-harness.js';

/**
 * Failed integration alert, cloned and run through the engine against the sandbox's Slack and SMTP
 * sink with the failure details an error workflow receives: a rate limit is a Slack message only;
 * an authentication failure is also a mail and a task the on-call engineer acknowledges.
 */
const SLUG = 'failed-integration-alert';
const harness = templateSuite();

const options = (sample: string) => ({ input: harness.template(SLUG).samples[sample], credentials: { mail: 'SMTP (sandbox)' as const } });
const records = () => harness.sandbox.sandbox.records;

describe('failed integration alert', () => {
  it('posts a low-severity rate limit to the on-call channel and nothing else', async () => {
    const result = await harness.run(SLUG, options('rate-limited'));
    expect(result.run.status, describeRun(result, 'succeeded')).toBe('succeeded');
    expect(result.steps.get('classify')?.output).toMatchObject({ class: 'rate limit', severity: 'low', code: 'API_RATE_LIMITED', workflowId: 'wf_orders_sync' });
    expect(result.steps.get('logged')?.output).toEqual({ class: 'rate limit', severity: 'low' });
    const messages = records().effects({ kind: 'message' });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.system).toBe('slack');
    expect(JSON.stringify(messages[0]?.body)).toContain('[low] rate limit failure in workflow wf_orders_sync (run run_7f3c2a, step list)');
    expect(records().effects({ kind: 'mail' })).toEqual([]);
    expect(result.tasks).toEqual([]);
  });

  it('mails a critical authentication failure to the on-call engineer and waits for the acknowledgement', async () => {
    const waiting = await harness.run(SLUG, options('auth-failure'));
    expect(waiting.run.status, describeRun(waiting, 'waiting')).toBe('waiting');
    expect(waiting.steps.get('classify')?.output).toMatchObject({ class: 'authentication', severity: 'critical', step: 'po' });
    expect(JSON.stringify(records().effects({ kind: 'message' })[0]?.body)).toContain('[critical] authentication failure');
    const [mail] = records().effects({ kind: 'mail' });
    expect(mail?.body).toMatchObject({ from: 'flowgate-alerts@msp.example', to: ['oncall@msp.example'], subject: 'Critical: authentication failure in workflow wf_orders_sync' });
    expect(waiting.tasks[0]).toMatchObject({ title: 'Acknowledge: authentication failure in wf_orders_sync', fields: { Error: 'API_UNAUTHORIZED' } });
    const acknowledged = await harness.decide(waiting.run.id, 'approve', 'Rotated the client secret');
    expect(acknowledged.run.status, describeRun(acknowledged, 'succeeded')).toBe('succeeded');
    expect(records().effects()).toHaveLength(2);
  });
});
