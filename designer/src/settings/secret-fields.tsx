import { useId } from 'react';
import type { CredentialSecret, CredentialType } from '../app/api-types.js';

/** The kinds of credentials, as people call them. */
export const CREDENTIAL_TYPES: readonly { type: CredentialType; label: string }[] = [
  { type: 'apiKey', label: 'API key' },
  { type: 'basic', label: 'Basic (user name and password)' },
  { type: 'bearer', label: 'Bearer token' },
  { type: 'oauth2ClientCredentials', label: 'OAuth2 client credentials' },
  { type: 'shopify', label: 'Shopify (Admin API access token)' },
  { type: 'webhookUrl', label: 'Incoming webhook URL (Slack, Teams)' },
];

/** The label of a credential type. */
export function typeLabel(type: CredentialType): string {
  return CREDENTIAL_TYPES.find((entry) => entry.type === type)?.label ?? type;
}

/** An empty set of values for a type. */
export function emptySecret(type: CredentialType): CredentialSecret {
  switch (type) {
    case 'apiKey':
      return { type, name: '', value: '', in: 'header' };
    case 'basic':
      return { type, username: '', password: '' };
    case 'bearer':
      return { type, token: '' };
    case 'oauth2ClientCredentials':
      return { type, tokenUrl: '', clientId: '', clientSecret: '', scope: '' };
    case 'shopify':
      return { type, accessToken: '' };
    case 'webhookUrl':
      return { type, url: '' };
  }
}

/**
 * The write-only fields of one credential type. Secret values are password inputs the browser does
 * not offer to save (autocomplete off); once saved they are never shown again.
 */
export function SecretFields({ secret, onChange }: { secret: CredentialSecret; onChange: (secret: CredentialSecret) => void }) {
  const sentAsId = useId();
  const text = (label: string, value: string, apply: (value: string) => CredentialSecret, options: { secret?: boolean; type?: string; placeholder?: string } = {}) => (
    <label>
      {label}
      <input
        required={label !== 'Scope'}
        type={options.secret ? 'password' : (options.type ?? 'text')}
        autoComplete={options.secret ? 'new-password' : 'off'}
        placeholder={options.placeholder}
        value={value}
        onChange={(event) => onChange(apply(event.target.value))}
      />
    </label>
  );
  switch (secret.type) {
    case 'apiKey':
      return (
        <div className="secret-fields">
          {text('Header or parameter name', secret.name, (name) => ({ ...secret, name }), { placeholder: 'X-API-Key' })}
          {text('Key', secret.value, (value) => ({ ...secret, value }), { secret: true })}
          <div className="field">
            <label htmlFor={sentAsId}>Sent as</label>
            <select id={sentAsId} value={secret.in} onChange={(event) => onChange({ ...secret, in: event.target.value === 'query' ? 'query' : 'header' })}>
              <option value="header">a request header</option>
              <option value="query">a query parameter</option>
            </select>
          </div>
        </div>
      );
    case 'basic':
      return (
        <div className="secret-fields">
          {text('User name', secret.username, (username) => ({ ...secret, username }))}
          {text('Password', secret.password, (password) => ({ ...secret, password }), { secret: true })}
        </div>
      );
    case 'bearer':
      return <div className="secret-fields">{text('Token', secret.token, (token) => ({ ...secret, token }), { secret: true })}</div>;
    case 'oauth2ClientCredentials':
      return (
        <div className="secret-fields">
          {text('Token URL', secret.tokenUrl, (tokenUrl) => ({ ...secret, tokenUrl }), { type: 'url', placeholder: 'https://login.erp.example/oauth/token' })}
          {text('Client id', secret.clientId, (clientId) => ({ ...secret, clientId }))}
          {text('Client secret', secret.clientSecret, (clientSecret) => ({ ...secret, clientSecret }), { secret: true })}
          {text('Scope', secret.scope, (scope) => ({ ...secret, scope }))}
        </div>
      );
    case 'shopify':
      return <div className="secret-fields">{text('Admin API access token', secret.accessToken, (accessToken) => ({ ...secret, accessToken }), { secret: true })}</div>;
    case 'webhookUrl':
      return (
        <div className="secret-fields">
          {text('Webhook URL', secret.url, (url) => ({ ...secret, url }), { secret: true, placeholder: 'https://hooks.slack.com/services/…' })}
        </div>
      );
  }
}
