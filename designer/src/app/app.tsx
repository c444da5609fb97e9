import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AcceptInvitePage } from '../account/accept-invite-page.js';
import { ChangePasswordPage } from '../account/change-password-page.js';
import { DecisionPage } from '../account/decision-page.js';
import { ForgotPasswordPage } from '../account/forgot-password-page.js';
import { ResetPasswordPage } from '../account/reset-password-page.js';
import { EditorPage } from '../pages/editor-page.js';
import { SignInPage } from '../pages/sign-in-page.js';
import { WorkflowListPage } from '../pages/workflow-list-page.js';
import { Layout } from './layout.js';
import { useMe } from './session.js';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

/**
 * The designer: sign-in and the pages mailed links open (invitation, password reset, decision), then
 * a workspace's workflows and the editor, under the partner's brand.
 */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/forgot-password" element={<ForgotPasswordPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/accept-invite" element={<AcceptInvitePage />} />
          <Route path="/decide/:token" element={<DecisionPage />} />
          <Route element={<Layout />}>
            <Route path="/t/:tenantId/workflows" element={<WorkflowListPage />} />
            <Route path="/t/:tenantId/workflows/:workflowId" element={<EditorPage />} />
            <Route path="/t/:tenantId/account/password" element={<ChangePasswordPage />} />
          </Route>
          <Route path="*" element={<Home />} />
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}

/** Sends signed-in users to their first workspace, others to sign in. */
function Home() {
  const { me, loading } = useMe();
  if (loading) return null;
  const first = me?.workspaces[0];
  return <Navigate to={first ? `/t/${first.tenant.id}/workflows` : '/sign-in'} replace />;
}
