import { describe, expect, it } from 'vitest';
import type { WorkflowVersion } from '../../designer/src/app/api-types.js';
import { activationRefusal, approvalProgress, isRollback, reviewRefusal, versionState } from '../../designer/src/versions/model/version-states.js';

const version = (overrides: Partial<WorkflowVersion> = {}): WorkflowVersion => ({
  workflowId: 'w',
  version: 2,
  status: 'pending',
  note: '',
  authorId: 'author',
  authorName: 'Chris Consultant',
  createdAt: '2026-12-04T10:00:00.000Z',
  decidedAt: null,
  definitionHash: 'h',
  active: false,
  requiredApprovals: 2,
  reviews: [],
  ...overrides,
});

const review = (reviewerId: string, decision: 'approve' | 'reject') => ({ reviewerId, reviewerName: reviewerId, decision, comment: '', createdAt: '2026-12-04T11:00:00.000Z' });

describe('versionState', () => {
  it('tells active, superseded (live once) and approved (never live) apart', () => {
    expect(versionState(version({ status: 'approved', active: true }), [{ version: 2 }])).toBe('active');
    expect(versionState(version({ status: 'approved' }), [{ version: 3 }, { version: 2 }])).toBe('superseded');
    expect(versionState(version({ status: 'approved' }), [{ version: 1 }])).toBe('approved');
    expect(versionState(version({ status: 'rejected' }), [])).toBe('rejected');
    expect(versionState(version(), [])).toBe('pending');
  });
});

describe('review and activation rules, as the server enforces them', () => {
  const approver = { userId: 'approver', roleRefusal: null };

  it('lets an approver who did not write it and has not reviewed it review a pending version', () => {
    expect(reviewRefusal(version(), approver)).toBeNull();
  });

  it('says why not: decided, role, author, already reviewed', () => {
    expect(reviewRefusal(version({ status: 'approved' }), approver)).toBe('Version 2 is already approved.');
    expect(reviewRefusal(version(), { userId: 'x', roleRefusal: 'your role (designer) cannot approve or reject versions' })).toBe(
      'Your role (designer) cannot approve or reject versions.',
    );
    expect(reviewRefusal(version(), { userId: 'author', roleRefusal: null })).toBe('You submitted version 2; another approver must review it.');
    expect(reviewRefusal(version({ reviews: [review('approver', 'approve')] }), approver)).toBe('You already approved version 2.');
  });

  it('counts approvals against what the policy needs', () => {
    expect(approvalProgress(version({ reviews: [review('a', 'approve')] }))).toBe('1 of 2 approvals');
    expect(approvalProgress(version({ requiredApprovals: 1 }))).toBe('0 of 1 approval');
  });

  it('activates approved versions only, and calls going back a rollback', () => {
    expect(activationRefusal(version({ status: 'approved' }), null)).toBeNull();
    expect(activationRefusal(version(), null)).toBe('Only approved versions can be activated; version 2 is pending.');
    expect(activationRefusal(version({ status: 'approved', active: true }), null)).toBe('Version 2 is the active version.');
    expect(activationRefusal(version({ status: 'approved' }), 'your role (designer) cannot activate or roll back versions')).toBe(
      'Your role (designer) cannot activate or roll back versions.',
    );
    expect(isRollback(1, 2)).toBe(true);
    expect(isRollback(3, 2)).toBe(false);
    expect(isRollback(1, null)).toBe(false);
  });
});
