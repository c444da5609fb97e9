import type { Role } from '../../runtime/definition/roles.js';

/**
 * The role matrix: what each role may do in a tenant. Browser-safe (it imports nothing but the role
 * list), so the server's access checks and the designer's role guards read the same table.
 */

/** Every permission a route may require of the caller's roles in the tenant. */
const PERMISSIONS = [
  'tenant.read',
  'workflow.read',
  'workflow.write',
  'version.submit',
  'version.review',
  'version.preview',
  'workflow.activate',
  'run.read',
  'run.start',
  'run.test',
  'run.manage',
  'task.read',
  'credential.read',
  'credential.write',
  'member.read',
  'member.manage',
  'tenant.create',
  'branding.manage',
  'policy.manage',
  'audit.read',
  'sso.manage',
  'service-account.manage',
  'connector.manage',
  'template.publish',
  'exception.read',
  'exception.manage',
  'subscription.read',
  'subscription.manage',
] as const;

/** One permission. */
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Owners may do everything; designers build and submit; approvers sign off and activate (rollback
 * included); designers and approvers preview a version's impact on recorded runs; operators run
 * and handle runs; designers and operators work exceptions; designers see event subscriptions and
 * their deliveries, owners manage them; viewers read.
 */
const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: PERMISSIONS,
  designer: [
    'tenant.read',
    'workflow.read',
    'workflow.write',
    'version.submit',
    'version.preview',
    'run.read',
    'run.start',
    'run.test',
    'task.read',
    'credential.read',
    'credential.write',
    'member.read',
    'exception.read',
    'exception.manage',
    'subscription.read',
  ],
  approver: ['tenant.read', 'workflow.read', 'version.review', 'version.preview', 'workflow.activate', 'run.read', 'task.read', 'member.read', 'audit.read', 'template.publish', 'exception.read'],
  operator: ['tenant.read', 'workflow.read', 'run.read', 'run.start', 'run.manage', 'task.read', 'member.read', 'exception.read', 'exception.manage'],
  viewer: ['tenant.read', 'workflow.read', 'run.read', 'task.read', 'member.read', 'exception.read'],
};

/**
 * What each permission lets a person do, in words that complete "does not allow you to …" and
 * "cannot …": refusals name the action, never the permission id.
 */
export const PERMISSION_ACTIONS: Readonly<Record<Permission, string>> = {
  'tenant.read': 'open this workspace',
  'workflow.read': 'view workflows',
  'workflow.write': 'edit workflows',
  'version.submit': 'submit versions for sign-off',
  'version.review': 'approve or reject versions',
  'version.preview': 'preview what a version would do to recorded runs',
  'workflow.activate': 'activate or roll back versions',
  'run.read': 'view runs',
  'run.start': 'start runs',
  'run.test': 'test-run workflows',
  'run.manage': 'cancel or retry runs',
  'task.read': 'see approval tasks',
  'credential.read': 'see the stored credentials',
  'credential.write': 'add or change credentials',
  'member.read': 'see the members',
  'member.manage': 'add or remove members',
  'tenant.create': 'create customer workspaces',
  'branding.manage': 'change the branding',
  'policy.manage': 'change workspace policies (approvals, egress allow-list, draft use of credentials)',
  'audit.read': 'read the audit log',
  'sso.manage': 'set up single sign-on',
  'service-account.manage': 'manage service accounts and their API tokens',
  'connector.manage': 'import, re-import or remove API connectors',
  'template.publish': 'publish workflows as templates for your customers',
  'exception.read': 'see exceptions',
  'exception.manage': 'work exceptions (assign, change, resolve, add notes)',
  'subscription.read': 'see event subscriptions and their deliveries',
  'subscription.manage': 'add, change or remove event subscriptions and re-send their deliveries',
};

/** Whether any of `roles` grants `permission`. */
export function allows(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => GRANTS[role].includes(permission));
}

/** The permissions a role grants (for the role matrix test and the docs). */
export function grantsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

/** The roles as a person reads them: "approver", "operator and viewer". */
export function rolesInWords(roles: readonly Role[]): string {
  if (roles.length === 0) return 'none';
  return roles.length === 1 ? (roles[0] as string) : `${roles.slice(0, -1).join(', ')} and ${roles.at(-1) as string}`;
}
