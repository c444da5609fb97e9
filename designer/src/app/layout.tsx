import { useEffect, type ReactNode } from 'react';
import { Link, NavLink, Navigate, Outlet, useLocation, useParams } from 'react-router';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import type { Me, Workspace } from './api-types.js';
import { applyBranding } from './branding.js';
import { SupportLinks } from './support-links.js';
import { WorkspaceNotFound } from './not-found-page.js';
import { sectionsFor, type Section } from './sections.js';
import { useMe } from './session.js';
import { UserMenu } from './user-menu.js';
import { WorkspaceSwitcher } from './workspace-switcher.js';
import { WorkspaceContext, findWorkspace, workspacePath } from './workspace.js';

/**
 * The shell around a workspace's pages: the partner's brand, the workspace switcher, the sections
 * the user's roles allow, support and the user menu; the page in the middle. Signed-out users are
 * sent to sign in and brought back here afterwards.
 */
export function Layout({ sections }: { sections: readonly Section[] }) {
  const { me, loading, error, retry } = useMe();
  const { tenantId } = useParams();
  const location = useLocation();
  const workspace = me ? findWorkspace(me, tenantId) : undefined;
  if (loading) return <LoadingState label="Loading your workspaces…" />;
  if (error) return <ErrorState title="Your workspaces could not be loaded" error={error} onRetry={retry} />;
  if (!me) return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}${location.hash}` }} />;
  if (!workspace) {
    return (
      <Frame me={me} workspace={null} sections={sections}>
        <WorkspaceNotFound me={me} sections={sections} />
      </Frame>
    );
  }
  return (
    <WorkspaceContext.Provider value={workspace}>
      <Frame me={me} workspace={workspace} sections={sections}>
        <Outlet />
      </Frame>
    </WorkspaceContext.Provider>
  );
}

/** The frame itself; `workspace` is null at an address of no workspace of the user's. */
function Frame({ me, workspace, sections, children }: { me: Me; workspace: Workspace | null; sections: readonly Section[]; children: ReactNode }) {
  const { pathname } = useLocation();
  // At an unknown workspace's address the user's first workspace lends its brand: theirs either way.
  const brand = (workspace ?? me.workspaces[0])?.branding;
  useEffect(() => {
    if (brand) applyBranding(brand);
  }, [brand]);
  const shown = workspace ? sectionsFor(workspace, sections) : [];
  return (
    <div className="frame">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link className="brand" to={workspace ? workspacePath(workspace.tenant.id) : '/'}>
          {brand?.logoUrl ? <img src={brand.logoUrl} alt="" className="brand-logo" /> : null}
          <span className="brand-name">{brand?.productName}</span>
        </Link>
        <WorkspaceSwitcher workspaces={me.workspaces} current={workspace} sections={sections} pathname={pathname} />
        {shown.length > 0 && workspace ? (
          <nav className="sections" aria-label="Sections">
            {shown.map((section) => (
              <NavLink key={section.path} to={workspacePath(workspace.tenant.id, section.path)} className="section-link">
                {section.label}
                {section.badge ? <section.badge /> : null}
              </NavLink>
            ))}
          </nav>
        ) : null}
        <span className="spacer" />
        {brand ? <SupportLinks branding={brand} /> : null}
        <UserMenu user={me.user} workspace={workspace} platformOperator={me.platformOperator} />
      </header>
      <main className="content" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
