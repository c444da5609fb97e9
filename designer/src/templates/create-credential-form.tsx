import { useId, useState } from 'react';
import type { Credential, CredentialSecret, CredentialType } from '../app/api-types.js';
import { errorMessage } from '../app/error-message.js';
import { useCredentialActions } from '../settings/api.js';
import { emptySecret, SecretFields, typeLabel } from '../settings/secret-fields.js';

/**
 * Creates a workspace credential of one of `types` without leaving the wizard: its name, the hosts
 * it may be sent to, and its secret; answers the new credential so the wizard can bind it.
 */
export function CreateCredentialForm({ tenantId, types, system, onCreated, onCancel }: { tenantId: string; types: readonly CredentialType[]; system: string; onCreated: (credential: Credential) => void; onCancel: () => void }) {
  const id = useId();
  const [name, setName] = useState(`${system} credential`);
  const [hosts, setHosts] = useState('');
  const [secret, setSecret] = useState<CredentialSecret>(emptySecret(types[0] ?? 'bearer'));
  const [failure, setFailure] = useState<string | null>(null);
  const { create } = useCredentialActions(tenantId);
  const submit = () => {
    setFailure(null);
    const allowedHosts = hosts.split(/[\s,]+/).filter(Boolean);
    create.mutate({ name: name.trim(), secret, allowedHosts }, { onSuccess: onCreated, onError: (error) => setFailure(errorMessage(error)) });
  };
  return (
    <div className="connector-choice" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>New {system} credential</h3>
      {types.length > 1 ? (
        <label className="wizard-field">
          Type
          <select value={secret.type} onChange={(event) => setSecret(emptySecret(event.target.value as CredentialType))}>
            {types.map((type) => (
              <option key={type} value={type}>
                {typeLabel(type)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <label className="wizard-field">
        Credential name
        <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <label className="wizard-field">
        Allowed hosts
        <input value={hosts} placeholder="contoso.myshopify.com" onChange={(event) => setHosts(event.target.value)} aria-describedby={`${id}-hosts`} />
      </label>
      <p id={`${id}-hosts`} className="muted small">
        The only hosts the credential is ever sent to, separated by commas (host or host:port).
      </p>
      <SecretFields secret={secret} onChange={setSecret} />
      {failure ? (
        <p role="alert" className="error small">
          The credential was not created: {failure}
        </p>
      ) : null}
      <div className="wizard-actions">
        <button type="button" className="button primary" onClick={submit} disabled={create.isPending || name.trim() === ''}>
          {create.isPending ? 'Creating…' : 'Create credential'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
