/**
 * The roles a membership holds in a tenant (see DESIGN "Tenants, roles, branding"), and the roles an
 * approval gate may name. One list for the server, the approval node and the designer.
 */
export const ROLES = ['owner', 'designer', 'approver', 'operator', 'viewer'] as const;

/** One membership role. */
export type Role = (typeof ROLES)[number];
