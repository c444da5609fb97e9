import { DEMO_CREDENTIALS } from '../sandbox/credentials.js';

/** Where the sandbox listens: its HTTP base URL and its SMTP sink (`host:port`). */
export interface SandboxAddresses {
  readonly url: string;
  readonly smtp: string;
}

/**
 * The sandbox's address for each connection setting, by the parameter name the templates give it
 * (`shopUrl`, `erpApiUrl`, `smtpHost`, ... — the conventions of `docs/templates.md`).
 */
export function sandboxConnectionSettings({ url, smtp }: SandboxAddresses): Record<string, string | number> {
  const bc = DEMO_CREDENTIALS.businessCentral;
  const [smtpHost = '', smtpPort = ''] = smtp.split(':');
  return {
    shopUrl: `${url}/shopify`,
    erpApiUrl: `${url}/bc/v2.0/${bc.tenantId}/${bc.environment}/api/v2.0`,
    erpCompanyId: bc.companyId,
    shipstationUrl: `${url}/shipstation`,
    slackUrl: `${url}/slack`,
    teamsUrl: `${url}/teams`,
    smtpHost,
    smtpPort: Number(smtpPort),
    smtpSecurity: 'none',
  };
}

/**
 * What a template's connection settings are in the sandbox, for the parameters its connectors
 * take them from and the sandbox knows.
 */
export function sandboxSettingsOf(connectors: readonly { readonly settings: Readonly<Record<string, string>> }[], sandbox: SandboxAddresses): Record<string, string | number> {
  const known = sandboxConnectionSettings(sandbox);
  const parameters = new Set(connectors.flatMap((connector) => Object.values(connector.settings)));
  return Object.fromEntries(Object.entries(known).filter(([parameter]) => parameters.has(parameter)));
}
