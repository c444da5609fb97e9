import { Link, NavLink, Navigate, Route, Routes } from 'react-router';
import type { Workspace } from '../app/api-types.js';
import { can } from '../app/permissions.js';
import { RequirePermission } from '../app/require-permission.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { SETTINGS_PAGES, type SettingsPage } from './settings-pages.js';
import './settings.css';

/** The settings pages this workspace has (partner-only pages only in partner workspaces). */
function pagesOf(workspace: Workspace): SettingsPage[] {
  return SETTINGS_PAGES.filter((page) => !page.partnerOnly || workspace.tenant.kind === 'partner');
}

/**
 * The Settings section: a navigation of the pages the user's roles allow here, and the page. Its
 * start is the first of them; a page the role does not allow says why; an unknown one says so.
 */
export function SettingsLayout() {
  const workspace = useWorkspace();
  const pages = pagesOf(workspace);
  const shown = pages.filter((page) => can(workspace, page.permission));
  return (
    <div className="settings">
      <nav className="settings-nav" aria-label="Settings">
        <h1 className="settings-title">Settings</h1>
        <ul>
          {shown.map((page) => (
            <li key={page.path}>
              <NavLink to={workspacePath(workspace.tenant.id, `settings/${page.path}`)}>{page.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-page">
        <Routes>
          <Route index element={shown[0] ? <Navigate to={shown[0].path} replace /> : <p className="page-state">No settings of {workspace.tenant.name} are available to your role.</p>} />
          {pages.map((page) => (
            <Route key={page.path} path={page.path} element={<RequirePermission permission={page.permission}>{page.element}</RequirePermission>} />
          ))}
          <Route
            path="*"
            element={
              <section className="page-state" aria-labelledby="settings-missing">
                <h2 id="settings-missing">No such settings page</h2>
                <p>{workspace.tenant.kind === 'customer' ? 'A customer workspace has no customers or brand of its own; its partner sets them.' : 'There is no settings page at this address.'}</p>
                <Link className="button" to={workspacePath(workspace.tenant.id, 'settings')}>
                  Go to Settings
                </Link>
              </section>
            }
          />
        </Routes>
      </div>
    </div>
  );
}
