import { useEffect } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { applyBranding } from './branding.js';
import { useMe, useSessionActions } from './session.js';

/** The app frame: the partner's brand, the workspace (tenant) switcher, the user and sign-out. */
export function Layout() {
  const { me, loading } = useMe();
  const { signOut } = useSessionActions();
  const { tenantId } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const workspace = me?.workspaces.find((candidate) => candidate.tenant.id === tenantId) ?? me?.workspaces[0];
  useEffect(() => {
    if (workspace) applyBranding(workspace.branding);
  }, [workspace]);
  if (loading) return <div className="splash" aria-busy="true" />;
  if (!me) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  if (!workspace) return <p className="empty">Your account has no workspace yet. Ask an owner to add you.</p>;
  const brand = workspace.branding;
  return (
    <div className="frame">
      <header className="topbar">
        <a className="brand" href={`/t/${workspace.tenant.id}/workflows`}>
          {brand.logoDataUrl ? <img src={brand.logoDataUrl} alt="" className="brand-logo" /> : null}
          <span className="brand-name">{brand.productName}</span>
        </a>
        <label className="workspace-switcher">
          <span className="sr-only">Workspace</span>
          <select
            aria-label="Workspace"
            value={workspace.tenant.id}
            onChange={(event) => void navigate(`/t/${event.target.value}/workflows`)}
          >
            {me.workspaces.map((candidate) => (
              <option key={candidate.tenant.id} value={candidate.tenant.id}>
                {candidate.tenant.name}
                {candidate.tenant.kind === 'partner' ? ' (partner)' : ''}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        {brand.supportEmail ? (
          <a className="support" href={`mailto:${brand.supportEmail}`}>
            Support
          </a>
        ) : null}
        <span className="user" title={me.user.email}>
          {me.user.name} · {workspace.roles.join(', ')}
        </span>
        <Link className="support" to={`/t/${workspace.tenant.id}/account/password`}>
          Change password
        </Link>
        <button
          type="button"
          className="button subtle"
          onClick={() => {
            void signOut().then(() => navigate('/sign-in'));
          }}
        >
          Sign out
        </button>
      </header>
      <main className="content">
        <Outlet context={workspace} />
      </main>
    </div>
  );
}
