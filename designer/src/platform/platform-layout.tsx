import { Navigate, Outlet, useLocation } from 'react-router';
import { useEffect } from 'react';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { useMe } from '../app/session.js';
import { UserMenu } from '../app/user-menu.js';

/** The plain colours of the installation's own pages (partners' brands belong to their workspaces). */
function applyPlainColours(): void {
  const root = document.documentElement;
  for (const property of ['--brand-primary', '--brand-primary-text', '--brand-accent', '--brand-accent-text', '--brand-accent-ink']) root.style.removeProperty(property);
  document.title = 'Platform';
}

/**
 * The frame of the platform operator's pages (/platform/…): who runs the installation sees its
 * partners here, outside any workspace. Anyone else is told the page is not theirs.
 */
export function PlatformLayout() {
  const { me, loading, error, retry } = useMe();
  const location = useLocation();
  useEffect(applyPlainColours, []);
  if (loading) return <LoadingState label="Loading…" />;
  if (error) return <ErrorState title="Your account could not be loaded" error={error} onRetry={retry} />;
  if (!me) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return (
    <div className="frame">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Platform administration</span>
        <span className="spacer" />
        <UserMenu user={me.user} workspace={null} platformOperator={me.platformOperator} />
      </header>
      <main className="content" id="main" tabIndex={-1}>
        {me.platformOperator ? (
          <Outlet />
        ) : (
          <section className="page-state" aria-labelledby="platform-refused">
            <h1 id="platform-refused">Not available to you</h1>
            <p>Only the platform operator, who runs this installation, manages partners.</p>
          </section>
        )}
      </main>
    </div>
  );
}
