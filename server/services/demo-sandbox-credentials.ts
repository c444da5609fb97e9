import { DEMO_CREDENTIALS } from '../sandbox/credentials.js';
import type { CredentialSecret } from '../contract/credentials.js';

/** A credential of the demo workspace that opens one imitated system of the sandbox. */
export interface DemoCredential {
  readonly name: string;
  readonly secret: CredentialSecret;
}

/**
 * The demo workspace's credentials for the sandbox beside it (`flowgate start`): Shopify's access
 * token header, Business Central's OAuth2 client credentials and ShipStation's basic auth, each
 * bound to the sandbox's address only, so a workflow built in the demo does real work out of the box.
 */
export function demoSandboxCredentials(sandboxUrl: string): DemoCredential[] {
  const bc = DEMO_CREDENTIALS.businessCentral;
  return [
    { name: 'Shopify (sandbox)', secret: { type: 'apiKey', name: 'X-Shopify-Access-Token', value: DEMO_CREDENTIALS.shopify.accessToken, in: 'header' } },
    {
      name: 'Business Central (sandbox)',
      secret: { type: 'oauth2ClientCredentials', tokenUrl: `${sandboxUrl}/bc/${bc.tenantId}/oauth2/v2.0/token`, clientId: bc.clientId, clientSecret: bc.clientSecret, scope: bc.scope },
    },
    { name: 'ShipStation (sandbox)', secret: { type: 'basic', username: DEMO_CREDENTIALS.shipstation.apiKey, password: DEMO_CREDENTIALS.shipstation.apiSecret } },
  ];
}
