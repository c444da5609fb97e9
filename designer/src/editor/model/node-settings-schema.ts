import { z } from 'zod';
import { field, retryPolicySchema, workflowNodeSchema } from '../../../../runtime/definition/index.js';

const node = workflowNodeSchema.shape;
const retry = retryPolicySchema.shape;

/**
 * The settings every node has besides its config — name, notes, retry policy and timeout — as a
 * schema with UI hints, so the inspector draws them with the same renderer as configs. Built from
 * the definition's own schemas: the limits are the validator's. Only for forms, never for parsing
 * (the retry policy's `maxAttempts` default is the value a newly enabled policy starts with).
 */
export const nodeSettingsSchema = z.object({
  name: field(node.name, { label: 'Name', help: 'Shown on the canvas. Expressions refer to the node by its id, which stays the same when the name changes.' }),
  notes: field(node.notes, { label: 'Notes', widget: 'textarea', help: 'For the people who maintain this workflow; not used when it runs.' }),
  retry: field(
    z.strictObject({
      maxAttempts: field(retry.maxAttempts.default(3), { label: 'Attempts', help: 'Attempts in all, the first included (1–100).' }),
      initialDelayMs: field(retry.initialDelayMs, { label: 'First delay (ms)', placeholder: '1000', help: 'Wait before the second attempt.' }),
      backoffFactor: field(retry.backoffFactor, { label: 'Backoff factor', placeholder: '2', help: 'Each further wait is this many times the previous one (1–10).' }),
      maxDelayMs: field(retry.maxDelayMs, { label: 'Longest delay (ms)', placeholder: '300000', help: 'Ceiling of one wait; a longer Retry-After from the remote side still wins.' }),
      jitter: field(retry.jitter.default(true), { label: 'Jitter', help: 'Spread waits randomly between half and all of the computed delay.' }),
    }).optional(),
    {
      label: 'Retry on failure',
      help: 'Try a failed step again with exponential backoff. By default only failures the node marks retryable (network errors, HTTP 408/429/5xx) and timeouts are retried.',
    },
  ),
  timeoutMs: field(node.timeoutMs, { label: 'Timeout (ms)', help: 'An attempt that runs longer fails with a timeout (at most a day). Empty: no limit of its own.' }),
});
