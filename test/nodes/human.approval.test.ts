import { describe, expect, it } from 'vitest';
import { fieldHints } from '../../runtime/definition/index.js';
import { evaluateExpression } from '../../runtime/expressions/index.js';
import { execute } from '../../nodes/human.approval/execute.js';
import { spec } from '../../nodes/human.approval/spec.js';
import { isVisible, issueMessages, issuePaths } from './config-issues.js';
import { FAKE_NOW, fakeContext } from './fake-context.js';
import { savedConfigProblems } from './saved-config.js';

const input = { orderId: 'A-1001', total: 1250, customer: 'Contoso' };

async function run(config: unknown, now?: Date) {
  return execute(fakeContext({ now }), spec.config.parse(config), input);
}

describe('human.approval', () => {
  it('waits on approved, rejected and timeout, with an error port and no side effects', () => {
    expect(spec.category).toBe('human');
    expect(spec.icon).toBe('user-check');
    expect(spec.ports.inputs.map((port) => port.name)).toEqual(['in']);
    expect(spec.ports.outputs.map((port) => port.name)).toEqual(['approved', 'rejected', 'timeout', 'error']);
    expect(spec.sideEffects).toBe(false);
  });

  it('marks title, instructions and each detail value as expressions', () => {
    expect(fieldHints(spec.config.shape.title)).toMatchObject({ expression: true, label: 'Task title' });
    expect(fieldHints(spec.config.shape.instructions)).toMatchObject({ expression: true });
    expect(fieldHints(spec.config.shape.fields.unwrap().valueType)).toMatchObject({ expression: true });
    expect(fieldHints(spec.config.shape.approverRoles).expression).toBeUndefined();
  });

  it('explains N of M, veto, escalation and separation of duties', () => {
    expect(fieldHints(spec.config.shape.requiredApprovals).help).toMatch(/N of M/);
    expect(fieldHints(spec.config.shape.vetoOnReject).help).toMatch(/veto.*single rejection/i);
    expect(fieldHints(spec.config.shape.onDue).help).toMatch(/escalat.*keeps waiting/);
    expect(fieldHints(spec.config.shape.allowInitiator).help).toMatch(/separation of duties/);
  });

  it('defaults to one approval by the approver role, with veto, no due time and no self-approval', () => {
    expect(spec.config.parse({ title: 'Approve refund' })).toEqual({
      title: 'Approve refund',
      instructions: '',
      fields: {},
      approverRoles: ['approver'],
      approverUsers: [],
      requiredApprovals: 1,
      vetoOnReject: true,
      onDue: 'timeout',
      allowInitiator: false,
    });
  });

  it('shows "When due" only once a due time is set', () => {
    const onDue = spec.config.shape.onDue;
    expect(isVisible(onDue, { title: 'x' })).toBe(false);
    expect(isVisible(onDue, { title: 'x', dueInMinutes: 60 })).toBe(true);
  });

  it('checks the title, instructions and detail labels at their paths', () => {
    expect(issuePaths(spec.config, {})).toEqual([['title']]);
    expect(issuePaths(spec.config, { title: '' })).toEqual([['title']]);
    expect(issuePaths(spec.config, { title: 'x'.repeat(201) })).toEqual([['title']]);
    expect(issuePaths(spec.config, { title: 'x'.repeat(200) })).toEqual([]);
    expect(issuePaths(spec.config, { title: 'x', instructions: 'y'.repeat(10_001) })).toEqual([['instructions']]);
    expect(issuePaths(spec.config, { title: 'x', instructions: 'y'.repeat(10_000) })).toEqual([]);
    expect(issuePaths(spec.config, { title: 'x', fields: { '': 1 } })).toEqual([['fields', '']]);
    expect(issuePaths(spec.config, { title: 'x', fields: { Total: { nested: [1, null] } } })).toEqual([]);
  });

  it('checks roles, users, counts and the due time at their paths', () => {
    const base = { title: 'x' };
    expect(issuePaths(spec.config, { ...base, approverRoles: ['approver', 'admin'] })).toEqual([['approverRoles', 1]]);
    expect(issuePaths(spec.config, { ...base, approverUsers: ['ok@example.com', 'has space', ''] })).toEqual([
      ['approverUsers', 1],
      ['approverUsers', 2],
    ]);
    for (const requiredApprovals of [0, 21, 1.5, '2']) {
      expect(issuePaths(spec.config, { ...base, requiredApprovals }), String(requiredApprovals)).toEqual([['requiredApprovals']]);
    }
    for (const dueInMinutes of [0, 525_601, 2.5]) {
      expect(issuePaths(spec.config, { ...base, dueInMinutes }), String(dueInMinutes)).toEqual([['dueInMinutes']]);
    }
    expect(issuePaths(spec.config, { ...base, dueInMinutes: 525_600, onDue: 'escalate', requiredApprovals: 20 })).toEqual([]);
    expect(issuePaths(spec.config, { ...base, onDue: 'remind' })).toEqual([['onDue']]);
    expect(issuePaths(spec.config, { ...base, vetoOnReject: 'no', allowInitiator: 1 })).toEqual([
      ['vetoOnReject'],
      ['allowInitiator'],
    ]);
    expect(issuePaths(spec.config, { ...base, approvers: ['x'] })).toEqual([[]]);
  });

  it('needs at least one approver role or user', () => {
    const config = { title: 'x', approverRoles: [], approverUsers: [] };
    expect(issuePaths(spec.config, config)).toEqual([['approverRoles']]);
    expect(issueMessages(spec.config, config)[0]).toMatch(/nobody can decide/);
    expect(issuePaths(spec.config, { title: 'x', approverRoles: [], approverUsers: ['u1'] })).toEqual([]);
    expect(issuePaths(spec.config, { title: 'x', approverRoles: ['owner'], approverUsers: [] })).toEqual([]);
  });

  it('refuses approvals that named users alone can never reach', () => {
    const config = { title: 'x', approverRoles: [], approverUsers: ['u1', 'u2'], requiredApprovals: 3 };
    expect(issuePaths(spec.config, config)).toEqual([['requiredApprovals']]);
    expect(issueMessages(spec.config, config)[0]).toMatch(/3 approvals are needed, but only 2 users/);
    expect(issuePaths(spec.config, { ...config, requiredApprovals: 2 })).toEqual([]);
    expect(issuePaths(spec.config, { ...config, approverRoles: ['approver'] })).toEqual([]);
  });

  it('refuses roles and users listed twice, at the repeat', () => {
    expect(issuePaths(spec.config, { title: 'x', approverRoles: ['owner', 'owner'], approverUsers: ['a', 'b', 'a'] })).toEqual([
      ['approverRoles', 1],
      ['approverUsers', 2],
    ]);
  });

  it('checks the approvers of a saved definition even when the title is still json-logic', () => {
    const title = { cat: ['Refund for ', { var: 'input.orderId' }] };
    expect(savedConfigProblems('human.approval', { title })).toEqual([]);
    expect(savedConfigProblems('human.approval', { title, approverRoles: [] })).toEqual(['config approverRoles']);
    expect(savedConfigProblems('human.approval', { title, fields: { Total: { var: 'input.total' } }, dueInMinutes: 0 })).toEqual([
      'config dueInMinutes',
    ]);
  });

  it('opens a task with the evaluated title, instructions, details and the policy, due never', async () => {
    const title = evaluateExpression({ cat: ['Refund for order ', { var: 'input.orderId' }] }, { input });
    const total = evaluateExpression({ var: 'input.total' }, { input });
    expect(await run({ title, instructions: 'Check the receipt.', fields: { 'Order total': total, Customer: 'Contoso' } })).toEqual({
      wait: {
        kind: 'approval',
        task: {
          title: 'Refund for order A-1001',
          instructions: 'Check the receipt.',
          fields: { 'Order total': 1250, Customer: 'Contoso' },
          policy: { roles: ['approver'], users: [], requiredApprovals: 1, vetoOnReject: true, allowInitiator: false },
          dueAt: null,
          onDue: 'timeout',
        },
      },
    });
  });

  it('passes an N-of-M policy without veto and a due time from the clock', async () => {
    const now = new Date('2030-06-01T12:00:00.000Z');
    const result = await run(
      {
        title: 'Approve discount',
        approverRoles: ['owner', 'approver'],
        approverUsers: ['finance@example.com', 'u-42'],
        requiredApprovals: 2,
        vetoOnReject: false,
        dueInMinutes: 90,
        onDue: 'escalate',
        allowInitiator: true,
      },
      now,
    );
    expect(result).toEqual({
      wait: {
        kind: 'approval',
        task: {
          title: 'Approve discount',
          instructions: '',
          fields: {},
          policy: {
            roles: ['owner', 'approver'],
            users: ['finance@example.com', 'u-42'],
            requiredApprovals: 2,
            vetoOnReject: false,
            allowInitiator: true,
          },
          dueAt: Date.parse('2030-06-01T13:30:00.000Z'),
          onDue: 'escalate',
        },
      },
    });
  });

  it('counts the due time from the fake clock, not the real one', async () => {
    const result = await run({ title: 'x', dueInMinutes: 1 });
    expect(result).toMatchObject({ wait: { task: { dueAt: FAKE_NOW.getTime() + 60_000 } } });
  });
});
