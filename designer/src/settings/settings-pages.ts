import { createElement, type ReactNode } from 'react';
import type { Permission } from '../app/permissions.js';
import { SsoSettingsPage } from '../identity/sso-settings-page.js';
import { TemplateCatalogPage } from '../templates/publish/catalog-page.js';
import { ApiConnectorsPage } from './api-connectors-page.js';
import { AuditPage } from './audit-page.js';
import { BrandingPage } from './branding-page.js';
import { CredentialsPage } from './credentials-page.js';
import { CustomersPage } from './customers-page.js';
import { EventSubscriptionsPage } from './event-subscriptions-page.js';
import { MembersPage } from './members-page.js';
import { PoliciesPage } from './policies-page.js';
import { ServiceAccountsPage } from './service-accounts-page.js';

/** A page of the Settings section, at /t/:tenantId/settings/<path>. */
export interface SettingsPage {
  readonly path: string;
  /** Its link in the settings navigation. */
  readonly label: string;
  /** What the user's roles in the workspace must allow to see it. */
  readonly permission: Permission;
  readonly element: ReactNode;
  /** Pages that belong to partner workspaces only (a customer has no customers, nor a brand of its own). */
  readonly partnerOnly?: boolean;
}

/**
 * The Settings section's pages, in the order of its navigation. To add one, add a line: the
 * navigation lists it where the user's roles (and the workspace's kind) allow it, and its address
 * opened without them says why.
 */
export const SETTINGS_PAGES: readonly SettingsPage[] = [
  { path: 'customers', label: 'Customers', permission: 'tenant.read', element: createElement(CustomersPage), partnerOnly: true },
  { path: 'members', label: 'Members', permission: 'member.read', element: createElement(MembersPage) },
  { path: 'branding', label: 'Branding', permission: 'branding.manage', element: createElement(BrandingPage), partnerOnly: true },
  { path: 'credentials', label: 'Credentials', permission: 'credential.read', element: createElement(CredentialsPage) },
  { path: 'templates', label: 'Templates', permission: 'template.publish', element: createElement(TemplateCatalogPage), partnerOnly: true },
  { path: 'api-connectors', label: 'API connectors', permission: 'workflow.read', element: createElement(ApiConnectorsPage) },
  { path: 'audit', label: 'Audit log', permission: 'audit.read', element: createElement(AuditPage) },
  { path: 'policies', label: 'Policies', permission: 'tenant.read', element: createElement(PoliciesPage) },
  { path: 'sso', label: 'Single sign-on', permission: 'sso.manage', element: createElement(SsoSettingsPage), partnerOnly: true },
  { path: 'service-accounts', label: 'Service accounts', permission: 'service-account.manage', element: createElement(ServiceAccountsPage) },
  { path: 'event-subscriptions', label: 'Event subscriptions', permission: 'subscription.read', element: createElement(EventSubscriptionsPage) },
];
