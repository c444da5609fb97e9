import { APPROVER_ROLES } from '../../nodes/human.approval/spec.js';

/** Roles of a membership (one list with the roles an approval gate may name). A person may hold several in one tenant. */
export const ROLES = APPROVER_ROLES;
export type Role = (typeof ROLES)[number];

/** What a route may require of the caller's roles in the tenant. */
export type Permission =
  | 'tenant.read'
  | 'workflow.read'
  | 'workflow.write'
  | 'version.submit'
  | 'version.review'
  | 'workflow.activate'
  | 'run.read'
  | 'run.start'
  | 'run.test'
  | 'run.manage'
  | 'task.read'
  | 'credential.read'
  | 'credential.write'
  | 'member.read'
  | 'member.manage'
  | 'tenant.create'
  | 'branding.manage'
  | 'policy.manage'
  | 'audit.read';

/**
 * The role matrix (docs/api.md). Owners may do everything; designers build and submit; approvers
 * sign off and activate (rollback included); operators run and handle runs; viewers read.
 */
const GRANTS: Record<Role, readonly Permission[]> = {
  owner: [
    'tenant.read', 'workflow.read', 'workflow.write', 'version.submit', 'version.review', 'workflow.activate', 'run.read',
    'run.start', 'run.test', 'run.manage', 'task.read', 'credential.read', 'credential.write', 'member.read', 'member.manage',
    'tenant.create', 'branding.manage', 'policy.manage', 'audit.read',
  ],
  designer: ['tenant.read', 'workflow.read', 'workflow.write', 'version.submit', 'run.read', 'run.start', 'run.test', 'task.read', 'credential.read', 'credential.write', 'member.read'],
  approver: ['tenant.read', 'workflow.read', 'version.review', 'workflow.activate', 'run.read', 'task.read', 'member.read', 'audit.read'],
  operator: ['tenant.read', 'workflow.read', 'run.read', 'run.start', 'run.manage', 'task.read', 'member.read'],
  viewer: ['tenant.read', 'workflow.read', 'run.read', 'task.read', 'member.read'],
};

/** Whether any of `roles` grants `permission`. */
export function allows(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => GRANTS[role].includes(permission));
}

/** Every permission, for the role matrix test and the docs. */
export function grantsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}
