import { z } from 'zod';
import { ERROR_PORT, IN_PORT, ROLES, defineNodeSpec, expression, field, jsonValue } from '../../runtime/definition/index.js';
import { whenFieldsValid } from '../refine-when.js';

/** A user who may decide: a user id or an email address. */
const approverUser = z.string().regex(/^\S{1,320}$/, 'must be a user id or email address (no spaces, at most 320 characters)');

/** Longest due time: one year in minutes. */
const MAX_DUE_MINUTES = 525_600;

/** Pauses the run until people approve or reject, or the task is due. */
export const spec = defineNodeSpec({
  type: 'human.approval',
  version: 1,
  title: 'Approval',
  description:
    'Pauses the run and opens an approval task for the people chosen below; the run uses no resources while ' +
    'it waits, for days if need be. It continues on "Approved" or "Rejected" once enough people have decided, ' +
    'or on "Timeout" when the task is due without a decision. The output is the decision with every ' +
    'individual decision, not this node\'s input: later nodes read earlier data through nodes.<id>. ' +
    'Approvers see the title, the instructions and the details listed below.',
  category: 'human',
  icon: 'user-check',
  ports: {
    inputs: [IN_PORT],
    outputs: [
      { name: 'approved', label: 'Approved' },
      { name: 'rejected', label: 'Rejected' },
      { name: 'timeout', label: 'Timeout' },
      ERROR_PORT,
    ],
  },
  config: z
    .strictObject({
      title: expression(z.string().min(1).max(200), {
        label: 'Task title',
        widget: 'text',
        placeholder: 'Approve refund',
        help:
          'Shown in the approvers\' inbox, at most 200 characters. Text, or json-logic such as ' +
          '{"cat": ["Refund for order ", {"var": "input.orderId"}]}.',
      }),
      instructions: expression(z.string().max(10_000), {
        label: 'Instructions',
        widget: 'textarea',
        help: 'What the approver should check before deciding. Text or json-logic.',
      }).default(''),
      fields: field(z.record(z.string().min(1).max(200), expression(jsonValue, { widget: 'jsonLogic' })), {
        label: 'Details for the approver',
        widget: 'keyValue',
        placeholder: 'Order total',
        help:
          'Label → value shown on the task, e.g. "Order total" → {"var": "input.total"}. Values are taken ' +
          'when the task opens and do not change afterwards.',
      }).default({}),
      approverRoles: field(z.array(z.enum(ROLES)), {
        label: 'Approver roles',
        widget: 'list',
        help:
          'Every member of the tenant with one of these roles may decide. Together with the users below, ' +
          'they are the people who may decide (the M in "N of M").',
      }).default(['approver']),
      approverUsers: field(z.array(approverUser), {
        label: 'Approver users',
        widget: 'list',
        placeholder: 'anna@example.com',
        help:
          'Users (id or email address) who may decide whatever their role. Someone listed here who also has one ' +
          'of the roles above counts once. An email address is matched to its account, in any case, when the task ' +
          'opens; an address without an account matches nobody.',
      }).default([]),
      requiredApprovals: field(z.number().int().min(1).max(20), {
        label: 'Approvals needed',
        widget: 'number',
        help:
          'N of M: how many different people must approve before the run continues on "Approved". With 2, ' +
          'any two of the people who may decide must approve; one person\'s approval never counts twice.',
      }).default(1),
      vetoOnReject: field(z.boolean(), {
        label: 'One rejection rejects',
        widget: 'switch',
        help:
          'On (veto): a single rejection rejects the task at once, whatever approvals it already has. Off: ' +
          'rejections are counted like approvals, and the task is rejected when as many people have rejected ' +
          'as approvals are needed; whichever count gets there first decides.',
      }).default(true),
      dueInMinutes: field(z.number().int().min(1).max(MAX_DUE_MINUTES), {
        label: 'Due after (minutes)',
        widget: 'number',
        help: 'How long approvers have, counted from when the task opens (at most one year). Empty: no due time.',
      }).optional(),
      onDue: field(z.enum(['timeout', 'escalate']), {
        label: 'When due',
        widget: 'select',
        help:
          'timeout: the task closes without a decision and the run continues on "Timeout". escalate: the task ' +
          'is marked overdue and an escalation notice goes out, and it keeps waiting for a decision, so ' +
          '"Timeout" is never used.',
        visibleWhen: { '!!': [{ var: 'dueInMinutes' }] },
      }).default('timeout'),
      allowInitiator: field(z.boolean(), {
        label: 'Initiator may decide',
        widget: 'switch',
        help:
          'Off (recommended): the person who started the run cannot decide on it, even with an approver role ' +
          'or when listed above, so nobody approves their own request (separation of duties). Runs started ' +
          'by a webhook or another system have no initiator to exclude. Turn on only where one person may ' +
          'both ask and approve, such as a test tenant.',
      }).default(false),
    })
    .superRefine(
      (config, ctx) => {
        if (config.approverRoles.length === 0 && config.approverUsers.length === 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['approverRoles'],
            message: 'choose at least one approver role or approver user; otherwise nobody can decide',
          });
          return;
        }
        reportDuplicates(config.approverRoles, 'approverRoles', ctx);
        reportDuplicates(config.approverUsers, 'approverUsers', ctx);
        const users = new Set(config.approverUsers).size;
        if (config.approverRoles.length === 0 && config.requiredApprovals > users) {
          ctx.addIssue({
            code: 'custom',
            path: ['requiredApprovals'],
            message:
              `${config.requiredApprovals} approvals are needed, but only ${users} ` +
              `${users === 1 ? 'user' : 'users'} may decide; add approvers or an approver role, or need fewer approvals`,
          });
        }
      },
      { when: whenFieldsValid(['approverRoles', 'approverUsers', 'requiredApprovals']) },
    ),
  sideEffects: false,
});

function reportDuplicates(values: readonly string[], key: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      ctx.addIssue({ code: 'custom', path: [key, index], message: `"${value}" is listed twice` });
    }
    seen.add(value);
  });
}
