import type { ComponentType, ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { AcceptInvitePage } from '../account/accept-invite-page.js';
import { ChangePasswordPage } from '../account/change-password-page.js';
import { DecisionPage } from '../account/decision-page.js';
import { ForgotPasswordPage } from '../account/forgot-password-page.js';
import { ResetPasswordPage } from '../account/reset-password-page.js';
import { SessionsPage } from '../account/sessions-page.js';
import { SsoCallbackPage } from '../identity/sso-callback-page.js';
import { ApprovalsCount } from '../approvals/approvals-count.js';
import { ApprovalsPage } from '../approvals/approvals-page.js';
import { EditorPage } from '../editor/editor-page.js';
import { ExceptionsPage } from '../exceptions/exceptions-page.js';
import { InsightsPage } from '../insights/insights-page.js';
import { RunsPage } from '../runs/runs-page.js';
import { ComparePage } from '../versions/compare-page.js';
import { RunPages } from '../runs/run-pages.js';
import { PartnersPage } from '../platform/partners-page.js';
import { PlatformLayout } from '../platform/platform-layout.js';
import { SettingsLayout } from '../settings/settings-layout.js';
import { SetupPage } from '../setup/setup-page.js';
import { GalleryPage } from '../templates/gallery-page.js';
import { TemplatePage } from '../templates/template-page.js';
import { TemplateUpdatePage } from '../templates/update/template-update-page.js';
import { UseTemplatePage } from '../templates/use-template-page.js';
import { WorkflowListPage } from '../workflows/workflow-list-page.js';
import { Layout } from './layout.js';
import { NotFoundPage } from './not-found-page.js';
import type { Permission } from './permissions.js';
import { RequirePermission } from './require-permission.js';
import { RouteError } from './route-error.js';
import type { Section } from './sections.js';
import { SignInPage } from './sign-in-page.js';
import { Home, NotFoundOutside, WorkspaceStart } from './start-page.js';

/** A page of a workspace, at /t/:tenantId/<path>. */
interface WorkspaceRoute {
  readonly path: string;
  /** What the user's roles in the workspace must allow to open it. */
  readonly permission: Permission;
  /** For the pages that are sections of the navigation: the link's text. */
  readonly section?: string;
  /** Shown beside the section's link (e.g. how many approvals wait). */
  readonly badge?: ComponentType;
  readonly element: ReactNode;
}

/**
 * The one route table of a workspace's pages. To add a page, add a line (with `section` when it
 * belongs in the navigation): the shell lists a section only where the user's roles allow its
 * permission, and a page opened without that permission says why instead of failing on a 403.
 */
const WORKSPACE_ROUTES: readonly WorkspaceRoute[] = [
  { path: 'workflows', section: 'Workflows', permission: 'workflow.read', element: <WorkflowListPage /> },
  { path: 'workflows/:workflowId', permission: 'workflow.read', element: <EditorPage /> },
  { path: 'account/password', permission: 'tenant.read', element: <ChangePasswordPage /> },
  { path: 'account/sessions', permission: 'tenant.read', element: <SessionsPage /> },
  { path: 'workflows/:workflowId/template-update', permission: 'workflow.write', element: <TemplateUpdatePage /> },
  { path: 'workflows/:workflowId/compare', permission: 'workflow.read', element: <ComparePage /> },
  { path: 'templates', section: 'Templates', permission: 'workflow.read', element: <GalleryPage /> },
  { path: 'templates/:slug', permission: 'workflow.read', element: <TemplatePage /> },
  { path: 'templates/:slug/use', permission: 'workflow.write', element: <UseTemplatePage /> },
  { path: 'runs', section: 'Runs', permission: 'run.read', element: <RunsPage /> },
  { path: 'exceptions', section: 'Exceptions', permission: 'exception.read', element: <ExceptionsPage /> },
  { path: 'insights', section: 'Insights', permission: 'run.read', element: <InsightsPage /> },
  { path: 'approvals', section: 'Approvals', permission: 'task.read', badge: ApprovalsCount, element: <ApprovalsPage /> },
  { path: 'settings/*', section: 'Settings', permission: 'member.read', element: <SettingsLayout /> },
  { path: 'runs/:runId/*', permission: 'run.read', element: <RunPages /> },
];

/** Pages outside any workspace that anyone may open, signed in or not (the mailed links land here). */
const PUBLIC_ROUTES: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/sign-in/:partner', element: <SignInPage /> },
  { path: '/setup', element: <SetupPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/reset-password', element: <ResetPasswordPage /> },
  { path: '/accept-invite', element: <AcceptInvitePage /> },
  { path: '/decide/:token', element: <DecisionPage /> },
  { path: '/sso/callback', element: <SsoCallbackPage /> },
];

/** The navigation's sections, in order. */
const SECTIONS: readonly Section[] = WORKSPACE_ROUTES.flatMap((route) =>
  // A section with pages of its own (`settings/*`) is linked at its start.
  route.section ? [{ path: route.path.replace(/\/\*$/, ''), label: route.section, permission: route.permission, ...(route.badge ? { badge: route.badge } : {}) }] : [],
);

/**
 * Every address of the designer. Each screen has its own URL under /t/:tenantId/, so a shared link
 * opens where it points (after sign-in); an unknown address inside a workspace stays in it.
 */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      ...PUBLIC_ROUTES,
      {
        path: '/t/:tenantId',
        element: <Layout sections={SECTIONS} />,
        children: [
          { index: true, element: <WorkspaceStart sections={SECTIONS} /> },
          ...WORKSPACE_ROUTES.map((route) => ({
            path: route.path,
            element: <RequirePermission permission={route.permission}>{route.element}</RequirePermission>,
            errorElement: <RouteError />,
          })),
          { path: '*', element: <NotFoundPage sections={SECTIONS} /> },
        ],
      },
      { path: '/platform', element: <PlatformLayout />, children: [{ index: true, element: <Navigate to="partners" replace /> }, { path: 'partners', element: <PartnersPage /> }] },
      { path: '/', element: <Home sections={SECTIONS} /> },
      { path: '*', element: <NotFoundOutside /> },
    ],
  },
];
