import { Link, Navigate, useNavigate } from 'react-router';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import type { Me } from './api-types.js';
import { sectionsFor, type Section } from './sections.js';
import { useMe, useSessionActions } from './session.js';
import { useWorkspace, workspacePath } from './workspace.js';

/** `/`: the user's first workspace, or sign-in. */
export function Home({ sections }: { sections: readonly Section[] }) {
  const { me, loading, error, retry } = useMe();
  if (loading) return <LoadingState label="Loading your workspaces…" />;
  if (error) return <ErrorState title="Your workspaces could not be loaded" error={error} onRetry={retry} />;
  const first = me?.workspaces[0];
  if (!me) return <Navigate to="/sign-in" replace />;
  if (!first) return me.platformOperator ? <Navigate to="/platform/partners" replace /> : <NoWorkspace suspended={me.suspendedWorkspaces} />;
  return <Navigate to={workspacePath(first.tenant.id, sectionsFor(first, sections)[0]?.path)} replace />;
}

/** A signed-in user with no workspace in use: why (none yet, or theirs are suspended), what to do, and a way out. */
function NoWorkspace({ suspended }: { suspended: Me['suspendedWorkspaces'] }) {
  const { signOut } = useSessionActions();
  const navigate = useNavigate();
  const names = suspended.map((workspace) => workspace.name).join(', ');
  return (
    <main className="page-state" aria-labelledby="no-workspace-title">
      {suspended.length > 0 ? (
        <>
          <h1 id="no-workspace-title">{suspended.length === 1 ? 'Your workspace is suspended' : 'Your workspaces are suspended'}</h1>
          <p>
            Suspended on this platform: <strong>{names}</strong>. While suspended nobody can work there and its workflows do not run; nothing was
            deleted. Ask your account manager or the platform&apos;s operator when it will be resumed.
          </p>
        </>
      ) : (
        <>
          <h1 id="no-workspace-title">No workspace yet</h1>
          <p>Your account has no workspace yet. Ask an owner of your organisation to add you.</p>
        </>
      )}
      <button type="button" className="button" onClick={() => void signOut().then(() => navigate('/sign-in'))}>
        Sign out
      </button>
    </main>
  );
}

/** `/t/:tenantId`: the workspace's first section the user's roles allow. */
export function WorkspaceStart({ sections }: { sections: readonly Section[] }) {
  const workspace = useWorkspace();
  const first = sectionsFor(workspace, sections)[0];
  return first ? <Navigate to={first.path} replace /> : <p className="page-state">Nothing in {workspace.tenant.name} is available to your role.</p>;
}

/** An address outside any workspace that is no page. */
export function NotFoundOutside() {
  return (
    <main className="page-state not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>There is no page at this address.</p>
      <Link className="button" to="/">
        Go to your start page
      </Link>
    </main>
  );
}
