import { useState, type FormEvent } from 'react';
import type { Role } from '../../../runtime/definition/roles.js';
import type { GroupMapping, SsoSettings, Tenant } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { useWorkspace } from '../app/workspace.js';
import { CopyButton } from '../shared/copy-button.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { useCustomers } from '../settings/api.js';
import { RoleChoices } from '../settings/role-choices.js';
import { useSsoChanges, useSsoSettings } from './api.js';
import './identity.css';
import { PageNotice, type PageMessage } from '../shared/page-notice.js';

/**
 * Single sign-on (partner owners): connect the partner's identity provider with OpenID Connect,
 * map its groups to roles in the partner and its customers, and make it mandatory for staff and
 * customers once it works. The client secret is write-only.
 */
export function SsoSettingsPage() {
  const { tenant } = useWorkspace();
  const settings = useSsoSettings(tenant.id);
  const customers = useCustomers(tenant.id);
  // Kept here: saving re-creates the form (from what the server stored), the message stays.
  const [message, setMessage] = useState<PageMessage>(null);
  if (settings.isPending || customers.isPending) return <LoadingState label="Loading single sign-on…" />;
  if (settings.isError) return <ErrorState title="Single sign-on could not be loaded" error={settings.error} onRetry={() => void settings.refetch()} />;
  if (customers.isError) return <ErrorState title="The customers could not be loaded" error={customers.error} onRetry={() => void customers.refetch()} />;
  const workspaces = [tenant, ...customers.data.map((customer) => customer.tenant)];
  return <SsoForm key={settings.data.connection?.updatedAt ?? 'new'} tenant={tenant} workspaces={workspaces} settings={settings.data} message={message} setMessage={setMessage} />;
}

function SsoForm({
  tenant,
  workspaces,
  settings,
  message,
  setMessage,
}: {
  tenant: Tenant;
  workspaces: readonly Tenant[];
  settings: SsoSettings;
  message: PageMessage;
  setMessage: (message: PageMessage) => void;
}) {
  const { save, remove } = useSsoChanges(tenant.id);
  const saved = settings.connection;
  const [issuer, setIssuer] = useState(saved?.issuer ?? '');
  const [clientId, setClientId] = useState(saved?.clientId ?? '');
  const [clientSecret, setClientSecret] = useState('');
  const [scopes, setScopes] = useState((saved?.scopes ?? ['openid', 'email', 'profile']).join(' '));
  const [groupsClaim, setGroupsClaim] = useState(saved?.groupsClaim ?? 'groups');
  const [mappings, setMappings] = useState<GroupMapping[]>(saved?.mappings ?? []);
  const [enabled, setEnabled] = useState(saved?.enabled ?? true);
  const [mandatory, setMandatory] = useState(saved?.mandatory ?? false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { issuer, clientId, ...(clientSecret ? { clientSecret } : {}), scopes: scopes.split(/\s+/).filter(Boolean), groupsClaim, mappings, enabled, mandatory },
      {
        onSuccess: () => setMessage({ kind: 'ok', text: 'Single sign-on was saved. Try it from the sign-in page before making it mandatory.' }),
        onError: (error) => setMessage({ kind: 'bad', text: errorMessage(error) }),
      },
    );
  };
  const change = (index: number, patch: Partial<GroupMapping>) => setMappings(mappings.map((mapping, at) => (at === index ? { ...mapping, ...patch } : mapping)));
  const signInAddress = `${window.location.origin}/sign-in/${tenant.slug}`;

  return (
    <section aria-labelledby="sso-title">
      <h1 id="sso-title">Single sign-on</h1>
      <p className="page-intro">
        Let your staff and your customers sign in with your identity provider (OpenID Connect). Their groups there decide their roles here, at every sign-in.
      </p>
      <PageNotice message={message} />
      <dl className="facts">
        <dt>Redirect URI to register at the provider</dt>
        <dd>
          <code>{settings.redirectUri}</code> <CopyButton text={settings.redirectUri} label="Copy redirect URI" />
        </dd>
        <dt>Sign-in address for your people</dt>
        <dd>
          <code>{signInAddress}</code> <CopyButton text={signInAddress} label="Copy sign-in address" />
        </dd>
        {saved ? (
          <>
            <dt>Status</dt>
            <dd>
              {saved.enabled ? 'On' : 'Off'}
              {saved.mandatory ? ', mandatory' : ''}; {saved.linkedPeople} {saved.linkedPeople === 1 ? 'person has' : 'people have'} signed in through it. Last changed <DateTime iso={saved.updatedAt} />.
            </dd>
          </>
        ) : (
          <>
            <dt>Status</dt>
            <dd>Not set up: everyone signs in with a password.</dd>
          </>
        )}
      </dl>
      <form className="settings-form" onSubmit={submit} aria-label="Single sign-on">
        <label>
          Issuer URL
          <input type="url" required value={issuer} onChange={(event) => setIssuer(event.target.value)} placeholder="https://login.example.com" aria-describedby="issuer-hint" />
        </label>
        <p className="field-hint" id="issuer-hint">
          The provider&apos;s issuer; its discovery document is read from /.well-known/openid-configuration.
        </p>
        <label>
          Client ID
          <input required value={clientId} onChange={(event) => setClientId(event.target.value)} />
        </label>
        <label>
          Client secret
          <input type="password" autoComplete="new-password" required={!saved} value={clientSecret} onChange={(event) => setClientSecret(event.target.value)} aria-describedby="secret-hint" />
        </label>
        <p className="field-hint" id="secret-hint">
          {saved ? 'Stored encrypted and never shown. Leave empty to keep the stored one.' : 'Stored encrypted and never shown again.'}
        </p>
        <label>
          Scopes
          <input required value={scopes} onChange={(event) => setScopes(event.target.value)} aria-describedby="scopes-hint" />
        </label>
        <p className="field-hint" id="scopes-hint">
          Separated by spaces; must include openid.
        </p>
        <label>
          Groups claim
          <input required value={groupsClaim} onChange={(event) => setGroupsClaim(event.target.value)} />
        </label>
        <fieldset className="sso-mappings">
          <legend>Group mappings</legend>
          {mappings.length === 0 ? <p className="muted">No mappings yet: nobody gets a role through single sign-on. Add one per group.</p> : null}
          {mappings.map((mapping, index) => (
            <div key={index} className="sso-mapping card">
              <label>
                Group
                <input required value={mapping.group} onChange={(event) => change(index, { group: event.target.value })} />
              </label>
              <label>
                Workspace
                <select value={mapping.tenantId} onChange={(event) => change(index, { tenantId: event.target.value })}>
                  {workspaces.map((workspace) => (
                    <option key={workspace.id} value={workspace.id}>
                      {workspace.name}
                    </option>
                  ))}
                </select>
              </label>
              <RoleChoices legend={`Roles for group ${mapping.group || index + 1}`} value={mapping.roles} onChange={(roles: Role[]) => change(index, { roles })} />
              <button type="button" className="button subtle" onClick={() => setMappings(mappings.filter((_, at) => at !== index))}>
                Remove mapping {mapping.group || index + 1}
              </button>
            </div>
          ))}
          <button type="button" className="button" onClick={() => setMappings([...mappings, { group: '', tenantId: tenant.id, roles: ['viewer'] }])}>
            Add mapping
          </button>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
          Offer single sign-on on the sign-in page
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={mandatory} onChange={(event) => setMandatory(event.target.checked)} aria-describedby="mandatory-hint" />
          Require single sign-on for staff and customers
        </label>
        <p className="field-hint" id="mandatory-hint">
          Password sign-in is then refused for everyone except your owners, who keep it as a way back in. It can be required once someone has signed in through it.
        </p>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={save.isPending}>
            Save single sign-on
          </button>
          {saved ? (
            <button
              type="button"
              className="button danger"
              disabled={remove.isPending}
              onClick={() => {
                if (!window.confirm('Remove single sign-on? Everyone signs in with a password again.')) return;
                remove.mutate(undefined, {
                  onSuccess: () => setMessage({ kind: 'ok', text: 'Single sign-on was removed; everyone signs in with a password.' }),
                  onError: (error) => setMessage({ kind: 'bad', text: errorMessage(error) }),
                });
              }}
            >
              Remove single sign-on
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
