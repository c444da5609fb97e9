import { DEMO_CREDENTIALS, SLACK_WEBHOOKS, TEAMS_WEBHOOKS } from '../sandbox/credentials.js';
import type { CredentialSecret } from '../contract/credentials.js';

/** A credential of the demo workspace that opens one imitated system of the sandbox. */
export interface DemoCredential {
  readonly name: string;
  readonly secret: CredentialSecret;
  /** The hosts it may be sent to: the sandbox's address (or its SMTP sink's). */
  readonly allowedHosts: readonly string[];
}

/**
 * The demo workspace's credentials for the sandbox beside it (`flowgate start`): Shopify's access
 * token, Business Central's OAuth2 client credentials, ShipStation's basic auth, a Slack and a
 * Teams incoming webhook and the SMTP sink's login, each bound to the sandbox's address only
 * (`smtp`: the sink's `host:port`), so a workflow built in the demo does real work out of the box.
 */
export function demoSandboxCredentials(sandboxUrl: string, smtp: string): DemoCredential[] {
  const bc = DEMO_CREDENTIALS.businessCentral;
  const [slack] = SLACK_WEBHOOKS;
  const [teams] = TEAMS_WEBHOOKS;
  if (slack === undefined || teams === undefined) throw new Error('the sandbox has no Slack or Teams webhook to point the demo at');
  const sandbox = [new URL(sandboxUrl).host];
  return [
    { name: 'Shopify (sandbox)', secret: { type: 'shopify', accessToken: DEMO_CREDENTIALS.shopify.accessToken }, allowedHosts: sandbox },
    {
      name: 'Business Central (sandbox)',
      secret: { type: 'oauth2ClientCredentials', tokenUrl: `${sandboxUrl}/bc/${bc.tenantId}/oauth2/v2.0/token`, clientId: bc.clientId, clientSecret: bc.clientSecret, scope: bc.scope },
      allowedHosts: sandbox,
    },
    { name: 'ShipStation (sandbox)', secret: { type: 'basic', username: DEMO_CREDENTIALS.shipstation.apiKey, password: DEMO_CREDENTIALS.shipstation.apiSecret }, allowedHosts: sandbox },
    { name: 'Slack #ops-alerts (sandbox)', secret: { type: 'webhookUrl', url: `${sandboxUrl}/slack/services/${slack.path}` }, allowedHosts: sandbox },
    { name: 'Teams Contoso Operations (sandbox)', secret: { type: 'webhookUrl', url: `${sandboxUrl}/teams/webhook/${teams.path}` }, allowedHosts: sandbox },
    { name: 'SMTP (sandbox)', secret: { type: 'basic', username: DEMO_CREDENTIALS.smtp.user, password: DEMO_CREDENTIALS.smtp.password }, allowedHosts: [smtp] },
  ];
}
