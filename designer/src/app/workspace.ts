import { createContext, useContext } from 'react';
import type { Me, Workspace } from './api-types.js';

/** The workspace (tenant) the current URL is in, with the user's roles there; set by the shell. */
export const WorkspaceContext = createContext<Workspace | null>(null);

/** The current workspace (inside the shell's workspace routes). */
export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace must be used inside a workspace route');
  return workspace;
}

/** A workspace's path in the app: its section, or its start. */
export function workspacePath(tenantId: string, section = ''): string {
  return `/t/${encodeURIComponent(tenantId)}/${section}`;
}

/** The workspace of `tenantId` among the user's, if they have it. */
export function findWorkspace(me: Me, tenantId: string | undefined): Workspace | undefined {
  return me.workspaces.find((candidate) => candidate.tenant.id === tenantId);
}
