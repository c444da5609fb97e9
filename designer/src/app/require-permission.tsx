import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { can, refusalReason, type Permission } from './permissions.js';
import { useWorkspace, workspacePath } from './workspace.js';

/**
 * Shows `children` when the user's roles in the workspace allow `permission`; otherwise says, in
 * words, why the page is not available (a link can lead someone to a page their role does not have).
 */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const workspace = useWorkspace();
  if (can(workspace, permission)) return children;
  return (
    <section className="page-state" aria-labelledby="refused-title">
      <h1 id="refused-title">Not available to your role</h1>
      <p>This page is not available: {refusalReason(workspace, permission)} in {workspace.tenant.name}.</p>
      <Link className="button" to={workspacePath(workspace.tenant.id)}>
        Go to {workspace.tenant.name}
      </Link>
    </section>
  );
}
