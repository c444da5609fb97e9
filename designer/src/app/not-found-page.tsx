import { Link, useLocation } from 'react-router';
import type { Me } from './api-types.js';
import { sectionsFor, type Section } from './sections.js';
import { useWorkspace, workspacePath } from './workspace.js';

/** An address inside a workspace that is no page: said so within the workspace, with the way back. */
export function NotFoundPage({ sections }: { sections: readonly Section[] }) {
  const workspace = useWorkspace();
  const { pathname } = useLocation();
  const home = sectionsFor(workspace, sections)[0];
  return (
    <section className="page-state not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>
        There is no page at <code>{pathname}</code> in {workspace.tenant.name}. The link may be mistyped, or what it pointed to may have moved.
      </p>
      <Link className="button" to={workspacePath(workspace.tenant.id, home?.path)}>
        Go to {home ? home.label : workspace.tenant.name}
      </Link>
    </section>
  );
}

/** A workspace address the user has no workspace at (unknown, or no access): their workspaces instead. */
export function WorkspaceNotFound({ me, sections }: { me: Me; sections: readonly Section[] }) {
  return (
    <section className="page-state not-found" aria-labelledby="no-workspace-title">
      <h1 id="no-workspace-title">{me.workspaces.length === 0 ? 'No workspace yet' : 'Workspace not found'}</h1>
      {me.workspaces.length === 0 ? (
        <p>Your account has no workspace yet. Ask an owner to add you.</p>
      ) : (
        <>
          <p>This workspace does not exist, or your account has no access to it. Your workspaces:</p>
          <ul className="workspace-links">
            {me.workspaces.map((workspace) => (
              <li key={workspace.tenant.id}>
                <Link to={workspacePath(workspace.tenant.id, sectionsFor(workspace, sections)[0]?.path)}>{workspace.tenant.name}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
