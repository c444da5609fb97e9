import type { Workspace } from './api-types.js';

/** Workspaces under one heading of the switcher: a partner and its customers. */
export interface WorkspaceGroup {
  readonly label: string;
  readonly workspaces: readonly Workspace[];
}

/**
 * The user's workspaces grouped as the switcher lists them: each partner first, then its customers
 * by name; customers whose partner the user does not see (a customer's own staff) under "Workspaces".
 * Groups keep the order in which the server lists their first workspace.
 */
export function workspaceGroups(workspaces: readonly Workspace[]): WorkspaceGroup[] {
  const partners = new Map(workspaces.filter((workspace) => workspace.tenant.kind === 'partner').map((workspace) => [workspace.tenant.id, workspace]));
  const groups = new Map<string, { label: string; partner: Workspace | undefined; customers: Workspace[] }>();
  for (const workspace of workspaces) {
    const partnerId = workspace.tenant.kind === 'partner' ? workspace.tenant.id : (workspace.tenant.parentId ?? '');
    const key = partners.has(partnerId) ? partnerId : '';
    const group = groups.get(key) ?? { label: partners.get(key)?.tenant.name ?? 'Workspaces', partner: partners.get(key), customers: [] };
    groups.set(key, group);
    if (workspace !== group.partner) group.customers.push(workspace);
  }
  return [...groups.values()].map((group) => ({
    label: group.label,
    workspaces: [...(group.partner ? [group.partner] : []), ...group.customers.sort((a, b) => a.tenant.name.localeCompare(b.tenant.name))],
  }));
}

/** A workspace as the switcher names it: a partner is marked as such. */
export function workspaceLabel(workspace: Workspace): string {
  return workspace.tenant.kind === 'partner' ? `${workspace.tenant.name} (partner)` : workspace.tenant.name;
}
