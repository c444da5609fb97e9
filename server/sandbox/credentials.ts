/**
 * The demo credentials of the imitated systems. They open nothing but this loopback sandbox, and
 * `flowgate sandbox` prints them; docs/sandbox.md lists them for connection set-up.
 */
export const DEMO_CREDENTIALS = {
  shopify: {
    /** A Shopify connection's shop URL is `<sandbox>/shopify`; the API is under `/admin/api/2024-10/`. */
    apiVersion: '2024-10',
    accessToken: 'sandbox-shopify-admin-token-contoso',
  },
  businessCentral: {
    /** The Microsoft Entra tenant (directory) id of the demo. */
    tenantId: '7c0e5d1a-3f2b-4c8d-9e6f-1a2b3c4d5e6f',
    environment: 'production',
    clientId: '2f9a4c3e-8b7d-4e1f-a6c5-0d9e8f7a6b5c',
    clientSecret: 'sandbox-bc-client-secret',
    scope: 'https://api.businesscentral.dynamics.com/.default',
    companyId: 'b1e3c5d7-2a4f-4b6d-8e0a-c2d4e6f8a0b1',
    companyName: 'CONTOSO DISTRIBUTION',
  },
  shipstation: {
    apiKey: 'sandbox-shipstation-key',
    apiSecret: 'sandbox-shipstation-secret',
  },
  smtp: {
    /** Any user name and password are accepted; these are the ones to configure. */
    user: 'sandbox',
    password: 'sandbox',
  },
} as const;

/** A chat webhook the sandbox accepts, and the channel it posts to. */
export interface ChatWebhook {
  readonly path: string;
  readonly channel: string;
  /** Posting answers Slack's `410 channel_is_archived` (a permanent failure to test). */
  readonly archived?: boolean;
}

/** Slack incoming webhooks: `<sandbox>/slack/services/<team>/<bot>/<token>`. */
export const SLACK_WEBHOOKS: readonly ChatWebhook[] = [
  { path: 'T0CONTOSO/B0OPSALERTS/sandboxOpsAlertsToken01', channel: '#ops-alerts' },
  { path: 'T0CONTOSO/B0PURCHASING/sandboxPurchasingToken02', channel: '#purchasing' },
  { path: 'T0CONTOSO/B0ARCHIVED/sandboxArchivedToken03', channel: '#old-alerts', archived: true },
];

/** Teams incoming webhooks: `<sandbox>/teams/webhook/<id>`. */
export const TEAMS_WEBHOOKS: readonly ChatWebhook[] = [
  { path: 'contoso-operations', channel: 'Contoso Operations' },
  { path: 'contoso-finance', channel: 'Contoso Finance' },
];
