import type { Activation, WorkflowVersion } from '../../app/api-types.js';

/**
 * A version's state as the versions panel shows it: `active` is the live one; `superseded` an
 * approved version that was live once and has been replaced; `approved` one never activated.
 */
export type VersionState = 'pending' | 'approved' | 'rejected' | 'active' | 'superseded';

/** Words for each state (the badges). */
export const STATE_LABELS: Readonly<Record<VersionState | 'draft', string>> = {
  draft: 'Draft',
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  active: 'Active',
  superseded: 'Superseded',
};

/** The state of `version`, given the workflow's activation history. */
export function versionState(version: Pick<WorkflowVersion, 'version' | 'status' | 'active'>, activations: readonly Pick<Activation, 'version'>[]): VersionState {
  if (version.active) return 'active';
  if (version.status !== 'approved') return version.status;
  return activations.some((activation) => activation.version === version.version) ? 'superseded' : 'approved';
}

/** "1 of 2 approvals". */
export function approvalProgress(version: Pick<WorkflowVersion, 'reviews' | 'requiredApprovals'>): string {
  const received = version.reviews.filter((review) => review.decision === 'approve').length;
  return `${received} of ${version.requiredApprovals} ${version.requiredApprovals === 1 ? 'approval' : 'approvals'}`;
}

/** Who is asking, and what their roles allow here. */
export interface Reviewer {
  readonly userId: string;
  /** Why their roles may not review versions ("your role (designer) cannot approve or reject versions"), or null when they may. */
  readonly roleRefusal: string | null;
}

/**
 * Why this person may not approve or reject the version, in words for the disabled button — or
 * null when they may. The server's rules: the version must still be pending, the author never
 * reviews their own version (said first: it holds whatever the roles), the role must allow
 * reviewing, nobody reviews twice.
 */
export function reviewRefusal(version: Pick<WorkflowVersion, 'version' | 'status' | 'authorId' | 'reviews'>, reviewer: Reviewer): string | null {
  if (version.status !== 'pending') return `Version ${version.version} is already ${version.status}.`;
  if (version.authorId === reviewer.userId) return `You submitted version ${version.version}; another approver must review it.`;
  if (reviewer.roleRefusal) return `${capitalise(reviewer.roleRefusal)}.`;
  const own = version.reviews.find((review) => review.reviewerId === reviewer.userId);
  if (own) return `You already ${own.decision === 'approve' ? 'approved' : 'rejected'} version ${version.version}.`;
  return null;
}

/**
 * Why the version cannot be made live by this person — or null when it can: only approved versions
 * are activated, the live one is live already, and the role must allow activating.
 */
export function activationRefusal(version: Pick<WorkflowVersion, 'version' | 'status' | 'active'>, roleRefusal: string | null): string | null {
  if (version.active) return `Version ${version.version} is the active version.`;
  if (version.status !== 'approved') return `Only approved versions can be activated; version ${version.version} is ${version.status}.`;
  if (roleRefusal) return `${capitalise(roleRefusal)}.`;
  return null;
}

/** Activating `version` while `active` is live goes back to an earlier version: a rollback. */
export function isRollback(version: number, active: number | null): boolean {
  return active !== null && version < active;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
