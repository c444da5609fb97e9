import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Credential, CredentialSecret, CredentialType } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { useCredentialActions, useCredentials } from './api.js';
import { FormDialog } from './form-dialog.js';
import { CREDENTIAL_TYPES, SecretFields, emptySecret, typeLabel } from './secret-fields.js';
import { PageNotice, type PageMessage } from '../shared/page-notice.js';
import { TableHead } from '../shared/table-head.js';

/** Hosts as typed: one per line or separated by commas. */
function hostsOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((host) => host.trim())
    .filter((host) => host !== '');
}

/**
 * The workspace's connector credentials: their type, the hosts they may be sent to and the
 * workflows that use them; create, rotate and delete. Values are write-only: never shown again
 * once saved, not even to whoever saved them.
 */
export function CredentialsPage() {
  const { tenant } = useWorkspace();
  const can = useCan();
  const credentials = useCredentials(tenant.id);
  const [message, setMessage] = useState<PageMessage>(null);
  const write = can('credential.write');
  return (
    <section aria-labelledby="credentials-title">
      <h1 id="credentials-title">Credentials</h1>
      <p className="page-intro">Keys and passwords your workflows use to reach other systems. They are encrypted, sent only to the hosts named for them, and never shown again after saving.</p>
      <PageNotice message={message} />
      {write ? <NewCredential tenantId={tenant.id} onMessage={setMessage} /> : null}
      {credentials.isPending ? <LoadingState label="Loading credentials…" /> : null}
      {credentials.isError ? <ErrorState title="The credentials could not be loaded" error={credentials.error} onRetry={() => void credentials.refetch()} /> : null}
      {credentials.data?.length === 0 ? (
        <EmptyState title="No credentials yet">
          <p>{write ? 'Add the first one above; an HTTP step then picks it by name.' : 'A designer or owner adds them.'}</p>
        </EmptyState>
      ) : null}
      {credentials.data && credentials.data.length > 0 ? <CredentialTable tenantId={tenant.id} credentials={credentials.data} write={write} owner={can('policy.manage')} onMessage={setMessage} /> : null}
    </section>
  );
}

function NewCredential({ tenantId, onMessage }: { tenantId: string; onMessage: (message: PageMessage) => void }) {
  const { create } = useCredentialActions(tenantId);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<CredentialSecret>(emptySecret('bearer'));
  const [hosts, setHosts] = useState('');
  // A select named by its label element alone: a wrapping label would add the options' text to its name.
  const typeId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), secret, allowedHosts: hostsOf(hosts) },
      {
        onSuccess: (created) => {
          onMessage({ kind: 'ok', text: `${created.name} was saved. Its values are stored encrypted and will not be shown again.` });
          setName('');
          setSecret(emptySecret(secret.type));
          setHosts('');
        },
        onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }),
      },
    );
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-labelledby="new-credential-title">
      <h2 id="new-credential-title" style={{ margin: 0 }}>
        New credential
      </h2>
      <div className="form-row">
        <label>
          Name
          <input required value={name} onChange={(event) => setName(event.target.value)} placeholder="erp-api" />
        </label>
        <div className="field">
          <label htmlFor={typeId}>Type</label>
          <select id={typeId} value={secret.type} onChange={(event) => setSecret(emptySecret(event.target.value as CredentialType))}>
            {CREDENTIAL_TYPES.map((entry) => (
              <option key={entry.type} value={entry.type}>
                {entry.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <SecretFields secret={secret} onChange={setSecret} />
      <label>
        Hosts it may be sent to
        <textarea required rows={2} value={hosts} onChange={(event) => setHosts(event.target.value)} placeholder="erp.customer.example, *.api.customer.example:443" aria-describedby="hosts-hint" />
      </label>
      <p className="field-hint" id="hosts-hint">
        One per line or separated by commas: a host name, *.suffix, an IP address or a network, with an optional :port. A request anywhere else is refused before the credential is read.
      </p>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          Save credential
        </button>
      </div>
    </form>
  );
}

function CredentialTable({ tenantId, credentials, write, owner, onMessage }: { tenantId: string; credentials: Credential[]; write: boolean; owner: boolean; onMessage: (message: PageMessage) => void }) {
  const { remove, setAllowDrafts } = useCredentialActions(tenantId);
  const [rotating, setRotating] = useState<Credential | null>(null);
  return (
    <>
      <table className="table">
        <TableHead caption="Credentials" columns={['Name', 'Type', 'Hosts', 'Used by', 'Last set']} actions={write} />
        <tbody>
          {credentials.map((credential) => {
            const live = credential.usedBy.filter((use) => use.in.includes('active'));
            return (
              <tr key={credential.id}>
                <td>
                  <strong>{credential.name}</strong>
                  {credential.allowDrafts ? <div className="muted small">test runs of drafts may use it</div> : null}
                </td>
                <td>{typeLabel(credential.type)}</td>
                <td>{credential.allowedHosts.length > 0 ? credential.allowedHosts.join(', ') : <span className="error">none: refused until hosts are set</span>}</td>
                <td>
                  {credential.usedBy.length === 0 ? (
                    <span className="muted">no workflow</span>
                  ) : (
                    <ul className="used-by">
                      {credential.usedBy.map((use) => (
                        <li key={use.workflowId}>
                          <Link to={workspacePath(tenantId, `workflows/${use.workflowId}`)}>{use.workflowName}</Link> <span className="muted">({use.in.map((place) => (place === 'active' ? 'active version' : 'draft')).join(', ')})</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <DateTime iso={credential.rotatedAt ?? credential.createdAt} />
                </td>
                {write ? (
                  <td className="row-actions">
                    <button type="button" className="button subtle" aria-label={`Rotate ${credential.name}`} onClick={() => setRotating(credential)}>
                      Rotate
                    </button>
                    {owner ? (
                      <button
                        type="button"
                        className="button subtle"
                        aria-label={`${credential.allowDrafts ? 'Stop draft use' : 'Allow in drafts'}: ${credential.name}`}
                        onClick={() => setAllowDrafts.mutate({ id: credential.id, allowDrafts: !credential.allowDrafts }, { onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }) })}
                      >
                        {credential.allowDrafts ? 'Stop draft use' : 'Allow in drafts'}
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={`Delete ${credential.name}`}
                      disabled={live.length > 0}
                      title={live.length > 0 ? `Used by the active version of ${live.map((use) => use.workflowName).join(', ')}` : undefined}
                      onClick={() => {
                        const drafts = credential.usedBy.map((use) => use.workflowName);
                        if (!window.confirm(`Delete ${credential.name}?${drafts.length > 0 ? ` The drafts of ${drafts.join(', ')} name it and will show a problem.` : ''}`)) return;
                        remove.mutate(credential.id, {
                          onSuccess: () => onMessage({ kind: 'ok', text: `${credential.name} was deleted.` }),
                          onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }),
                        });
                      }}
                    >
                      Delete
                    </button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rotating ? <RotateDialog tenantId={tenantId} credential={rotating} onClose={() => setRotating(null)} onMessage={onMessage} /> : null}
    </>
  );
}

function RotateDialog({ tenantId, credential, onClose, onMessage }: { tenantId: string; credential: Credential; onClose: () => void; onMessage: (message: PageMessage) => void }) {
  const { rotate } = useCredentialActions(tenantId);
  const [secret, setSecret] = useState<CredentialSecret>(emptySecret(credential.type));
  const [error, setError] = useState<string | null>(null);
  return (
    <FormDialog
      title={`Rotate ${credential.name}`}
      submitLabel="Save new values"
      busy={rotate.isPending}
      onClose={onClose}
      onSubmit={() =>
        rotate.mutate(
          { id: credential.id, secret },
          {
            onSuccess: () => {
              onMessage({ kind: 'ok', text: `${credential.name} was rotated; runs use the new values from now on.` });
              onClose();
            },
            onError: (caught) => setError(errorMessage(caught)),
          },
        )
      }
    >
      <p className="field-hint">New values of the same type ({typeLabel(credential.type)}). The old values stop being used at once.</p>
      <SecretFields secret={secret} onChange={setSecret} />
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </FormDialog>
  );
}
