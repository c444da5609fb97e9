import type { RouteDefinition } from '../http/route.js';
import { apiConnectorRoutes } from './api-connectors.js';
import { approvalRoutes } from './approvals.js';
import { auditRoutes } from './audit.js';
import { authRoutes } from './auth.js';
import { credentialRoutes } from './credentials.js';
import { egressRoutes } from './egress.js';
import { invitationRoutes } from './invitations.js';
import { passwordRoutes } from './passwords.js';
import { impactRoutes } from './impact.js';
import { platformRoutes } from './platform.js';
import { runRoutes } from './runs.js';
import { runDetailRoutes } from './run-detail.js';
import { serviceAccountRoutes } from './service-accounts.js';
import { setupRoutes } from './setup.js';
import { signInBrandRoutes } from './sign-in-brand.js';
import { memberPasswordRoutes } from './member-passwords.js';
import { sessionRoutes } from './sessions.js';
import { ssoRoutes } from './sso.js';
import { decisionRoutes, taskRoutes } from './tasks.js';
import { templateRoutes } from './templates.js';
import { eventSubscriptionRoutes } from './event-subscriptions.js';
import { exceptionRoutes } from './exceptions.js';
import { insightsRoutes } from './insights.js';
import { classifierExampleRoutes } from './classifier-examples.js';
import { templateUpdateRoutes } from './template-updates.js';
import { tenantRoutes } from './tenants.js';
import { versionRoutes } from './versions.js';
import { workflowRoutes } from './workflows.js';

/** Every JSON API route, in one explicit list: mounted, documented in OpenAPI and covered by the role matrix. */
export const apiRoutes: readonly RouteDefinition[] = [
  ...authRoutes,
  ...passwordRoutes,
  ...approvalRoutes,
  ...tenantRoutes,
  ...egressRoutes,
  ...invitationRoutes,
  ...workflowRoutes,
  ...templateRoutes,
  ...exceptionRoutes,
  ...insightsRoutes,
  ...classifierExampleRoutes,
  ...templateUpdateRoutes,
  ...versionRoutes,
  ...impactRoutes,
  ...runRoutes,
  ...runDetailRoutes,
  ...taskRoutes,
  ...decisionRoutes,
  ...credentialRoutes,
  ...apiConnectorRoutes,
  ...auditRoutes,
  ...setupRoutes,
  ...signInBrandRoutes,
  ...platformRoutes,
  ...sessionRoutes,
  ...memberPasswordRoutes,
  ...ssoRoutes,
  ...serviceAccountRoutes,
  ...eventSubscriptionRoutes,
];
