import { useCallback } from 'react';
import { PERMISSION_ACTIONS, allows, rolesInWords, type Permission } from '../../../server/contract/permissions.js';
import type { Workspace } from './api-types.js';
import { useWorkspace } from './workspace.js';

export type { Permission };

/**
 * Whether the user's roles in `workspace` allow `permission`: the server's own role matrix
 * (server/contract/permissions.ts), so the designer offers exactly what the server accepts.
 */
export function can(workspace: Workspace, permission: Permission): boolean {
  return allows(workspace.roles, permission);
}

/** `can` for the current workspace. */
export function useCan(): (permission: Permission) => boolean {
  const workspace = useWorkspace();
  return useCallback((permission: Permission) => can(workspace, permission), [workspace]);
}

/** Why the user may not do something here, in words: "your role (approver) cannot edit workflows". */
export function refusalReason(workspace: Workspace, permission: Permission): string {
  return `your role (${rolesInWords(workspace.roles)}) cannot ${PERMISSION_ACTIONS[permission]}`;
}
