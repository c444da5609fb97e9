import { KeyRound, Plus, TriangleAlert } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { CreatedServiceAccountToken, ServiceAccount } from '../app/api-types.js';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { relativeTime } from '../app/relative-time.js';
import { useWorkspace } from '../app/workspace.js';
import { CopyButton } from '../shared/copy-button.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { useWorkflows } from '../workflows/api.js';
import { SERVICE_ACCOUNT_SCOPES, SERVICE_ACCOUNT_SCOPE_LABELS, TOKEN_DAY_CHOICES, type ServiceAccountScope } from '../../../server/contract/service-accounts.js';
import { FormDialog } from './form-dialog.js';
import { useServiceAccountActions, useServiceAccounts } from './service-accounts-api.js';
import { PageNotice, type PageMessage } from '../shared/page-notice.js';
import { ErrorMessage } from '../account/account-card.js';
import { TableHead } from '../shared/table-head.js';

/** A token just created: its value, shown this once. */
type Issued = { accountName: string; token: CreatedServiceAccountToken };

/**
 * Settings → Service accounts: API identities for integrations that are not people. Each has
 * permissions, the workflows it may reach and tokens with an expiry; a token's value is shown
 * once, when it is created.
 */
export function ServiceAccountsPage() {
  const { tenant } = useWorkspace();
  const accounts = useServiceAccounts(tenant.id);
  const [message, setMessage] = useState<PageMessage>(null);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  return (
    <section aria-labelledby="service-accounts-title">
      <h1 id="service-accounts-title">Service accounts</h1>
      <p className="page-intro">
        API access for integrations such as an ERP, a shop or a CI pipeline. A service account is not a person: it cannot sign in, join the workspace or decide approvals, and it acts only
        with the permissions and on the workflows you give it. Its tokens expire.
      </p>
      <PageNotice message={message} />
      {issued ? <IssuedToken issued={issued} onDone={() => setIssued(null)} /> : null}
      <div className="form-actions">
        <button type="button" className="button primary" onClick={() => setCreating(true)}>
          <Plus size={16} aria-hidden="true" />
          New service account
        </button>
      </div>
      {accounts.isPending ? <LoadingState label="Loading service accounts…" /> : null}
      {accounts.isError ? <ErrorState title="The service accounts could not be loaded" error={accounts.error} onRetry={() => void accounts.refetch()} /> : null}
      {accounts.data?.length === 0 ? (
        <EmptyState title="No service accounts yet">
          <p>Create one for each integration, so each can be limited, watched and revoked on its own.</p>
        </EmptyState>
      ) : null}
      {accounts.data && accounts.data.length > 0 ? <AccountTable tenantId={tenant.id} accounts={accounts.data} onMessage={setMessage} onIssued={setIssued} /> : null}
      {creating ? (
        <AccountDialog
          tenantId={tenant.id}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setMessage(null);
            setIssued(created);
          }}
        />
      ) : null}
    </section>
  );
}

/** The token just created, with a Copy button and the warning that it is not shown again. */
function IssuedToken({ issued, onDone }: { issued: Issued; onDone: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [issued]);
  return (
    <div className="issued-token" role="group" aria-label={`New token of ${issued.accountName}`} tabIndex={-1} ref={box}>
      <p>
        <TriangleAlert size={16} aria-hidden="true" /> <strong>Copy the token of {issued.accountName} now: it is shown only this once.</strong> Store it in the integration&apos;s secret store. It
        expires on <DateTime iso={issued.token.expiresAt} />.
      </p>
      <div className="copy-row">
        <code data-testid="service-account-token">{issued.token.token}</code>
        <CopyButton text={issued.token.token} label="Copy token" />
      </div>
      <p className="field-hint">
        Send it as <code>Authorization: Bearer …</code> with each API request.
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </div>
  );
}

function ExpiryChoice({ value, onChange }: { value: number; onChange: (days: number) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Token expires after</label>
      <select id={id} value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {TOKEN_DAY_CHOICES.map((days) => (
          <option key={days} value={days}>
            {days === 365 ? '1 year' : `${days} days`}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Creates a service account (with its first token's expiry) or, given `account`, changes its name,
 * description, permissions and workflows (its tokens carry the change at once).
 */
function AccountDialog({
  tenantId,
  account,
  onClose,
  onCreated,
  onSaved,
}: {
  tenantId: string;
  account?: ServiceAccount;
  onClose: () => void;
  onCreated?: (issued: Issued) => void;
  onSaved?: (account: ServiceAccount) => void;
}) {
  const { create, update } = useServiceAccountActions(tenantId);
  const workflows = useWorkflows(tenantId, '', '');
  const [name, setName] = useState(account?.name ?? '');
  const [description, setDescription] = useState(account?.description ?? '');
  const [scopes, setScopes] = useState<ServiceAccountScope[]>(account?.scopes ?? []);
  const [allWorkflows, setAllWorkflows] = useState(account ? account.workflows === null : true);
  const [workflowIds, setWorkflowIds] = useState<string[]>(account?.workflows?.map((workflow) => workflow.id) ?? []);
  const [days, setDays] = useState<number>(90);
  const [error, setError] = useState<string | null>(null);
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((entry) => entry !== item));
  const submit = () => {
    if (scopes.length === 0) return setError('Choose at least one permission.');
    if (!allWorkflows && workflowIds.length === 0) return setError('Choose at least one workflow, or allow all workflows.');
    const fields = { name: name.trim(), description: description.trim(), scopes, workflowIds: allWorkflows ? null : workflowIds };
    const fail = (caught: unknown) => setError(errorMessage(caught));
    if (account) update.mutate({ accountId: account.id, changes: fields }, { onSuccess: (saved) => onSaved?.(saved), onError: fail });
    else create.mutate({ ...fields, expiresInDays: days }, { onSuccess: (created) => onCreated?.({ accountName: created.account.name, token: created.token }), onError: fail });
  };
  return (
    <FormDialog
      title={account ? `Change ${account.name}` : 'New service account'}
      submitLabel={account ? 'Save changes' : 'Create and show token'}
      busy={create.isPending || update.isPending}
      onClose={onClose}
      onSubmit={submit}
    >
      <div className="dialog-fields">
        <label>
          Name
          <input required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} placeholder="ERP order sync" />
        </label>
        <label>
          Description <span className="muted">(optional)</span>
          <input maxLength={500} value={description} onChange={(event) => setDescription(event.target.value)} placeholder="What uses it and who to ask" />
        </label>
      </div>
      <fieldset className="choice-group">
        <legend>What it may do</legend>
        {SERVICE_ACCOUNT_SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input type="checkbox" checked={scopes.includes(scope)} onChange={(event) => setScopes(toggle(scopes, scope, event.target.checked))} />
            {SERVICE_ACCOUNT_SCOPE_LABELS[scope]}
          </label>
        ))}
        <p className="field-hint">Never: people, roles, branding, policies, editing or approving versions, deciding approvals.</p>
      </fieldset>
      <fieldset className="choice-group">
        <legend>Which workflows</legend>
        <label className="checkbox">
          <input type="radio" name="workflow-scope" checked={allWorkflows} onChange={() => setAllWorkflows(true)} />
          All workflows, including ones created later
        </label>
        <label className="checkbox">
          <input type="radio" name="workflow-scope" checked={!allWorkflows} onChange={() => setAllWorkflows(false)} />
          Only these:
        </label>
        {!allWorkflows ? (
          workflows.isPending ? (
            <p className="muted">Loading workflows…</p>
          ) : workflows.isError ? (
            <p className="error">The workflows could not be loaded: {errorMessage(workflows.error)}</p>
          ) : workflows.data.length === 0 ? (
            <p className="muted">This workspace has no workflows yet.</p>
          ) : (
            <div className="workflow-choices">
              {workflows.data.map((workflow) => (
                <label key={workflow.id} className="checkbox">
                  <input type="checkbox" checked={workflowIds.includes(workflow.id)} onChange={(event) => setWorkflowIds(toggle(workflowIds, workflow.id, event.target.checked))} />
                  {workflow.name}
                </label>
              ))}
            </div>
          )
        ) : null}
      </fieldset>
      {account ? <p className="field-hint">Its tokens carry the change from their next request.</p> : <ExpiryChoice value={days} onChange={setDays} />}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </FormDialog>
  );
}

function lastUsed(iso: string | null): string {
  return iso === null ? 'never used' : `last used ${relativeTime(iso)}`;
}

function AccountTable({ tenantId, accounts, onMessage, onIssued }: { tenantId: string; accounts: ServiceAccount[]; onMessage: (message: PageMessage) => void; onIssued: (issued: Issued) => void }) {
  const { revokeToken, setDisabled } = useServiceAccountActions(tenantId);
  const [addingTo, setAddingTo] = useState<ServiceAccount | null>(null);
  const [editing, setEditing] = useState<ServiceAccount | null>(null);
  const fail = (error: unknown) => onMessage({ kind: 'bad', text: errorMessage(error) });
  return (
    <>
      <table className="table service-accounts">
        <TableHead caption="Service accounts" columns={['Name', 'May', 'Workflows', 'Tokens']} actions />
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id} className={account.disabled ? 'disabled-account' : undefined}>
              <td>
                <strong>{account.name}</strong> {account.disabled ? <span className="status-badge suspended">disabled</span> : null}
                {account.description ? <div className="muted small">{account.description}</div> : null}
                <div className="muted small">{lastUsed(account.lastUsedAt)}</div>
              </td>
              <td>
                <ul className="plain-list">
                  {account.scopes.map((scope) => (
                    <li key={scope}>{SERVICE_ACCOUNT_SCOPE_LABELS[scope]}</li>
                  ))}
                </ul>
              </td>
              <td>{account.workflows === null ? 'All workflows' : account.workflows.map((workflow) => workflow.name).join(', ')}</td>
              <td>
                {account.tokens.length === 0 ? (
                  <span className="muted">no tokens</span>
                ) : (
                  <ul className="plain-list token-list">
                    {account.tokens.map((token) => (
                      <li key={token.id}>
                        <code>…{token.hint}</code>{' '}
                        {token.status === 'expired' ? (
                          <span className="error">expired</span>
                        ) : (
                          <span>
                            expires <DateTime iso={token.expiresAt} />
                          </span>
                        )}
                        <span className="muted small"> · {lastUsed(token.lastUsedAt)}</span>{' '}
                        <button
                          type="button"
                          className="button subtle small"
                          aria-label={`Revoke token …${token.hint} of ${account.name}`}
                          onClick={() => {
                            if (!window.confirm(`Revoke the token …${token.hint} of ${account.name}? Integrations that use it are refused from now on.`)) return;
                            revokeToken.mutate({ accountId: account.id, tokenId: token.id }, { onSuccess: () => onMessage({ kind: 'ok', text: `The token …${token.hint} of ${account.name} was revoked.` }), onError: fail });
                          }}
                        >
                          Revoke
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="row-actions">
                <button type="button" className="button subtle" aria-label={`Change ${account.name}`} onClick={() => setEditing(account)}>
                  Change
                </button>
                <button type="button" className="button subtle" aria-label={`New token for ${account.name}`} onClick={() => setAddingTo(account)}>
                  <KeyRound size={14} aria-hidden="true" />
                  New token
                </button>
                <button
                  type="button"
                  className="button subtle"
                  aria-label={`${account.disabled ? 'Enable' : 'Disable'} ${account.name}`}
                  onClick={() => {
                    if (!account.disabled && !window.confirm(`Disable ${account.name}? Every token of it stops working at once, until you enable it again.`)) return;
                    setDisabled.mutate(
                      { accountId: account.id, disabled: !account.disabled },
                      { onSuccess: () => onMessage({ kind: 'ok', text: `${account.name} was ${account.disabled ? 'enabled' : 'disabled'}.` }), onError: fail },
                    );
                  }}
                >
                  {account.disabled ? 'Enable' : 'Disable'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing ? (
        <AccountDialog
          tenantId={tenantId}
          account={editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            onMessage({ kind: 'ok', text: `${saved.name} was saved.` });
            setEditing(null);
          }}
        />
      ) : null}
      {addingTo ? (
        <NewTokenDialog
          tenantId={tenantId}
          account={addingTo}
          onClose={() => setAddingTo(null)}
          onCreated={(token) => {
            onIssued({ accountName: addingTo.name, token });
            setAddingTo(null);
          }}
        />
      ) : null}
    </>
  );
}

function NewTokenDialog({ tenantId, account, onClose, onCreated }: { tenantId: string; account: ServiceAccount; onClose: () => void; onCreated: (token: CreatedServiceAccountToken) => void }) {
  const { createToken } = useServiceAccountActions(tenantId);
  const [days, setDays] = useState<number>(90);
  const [error, setError] = useState<string | null>(null);
  return (
    <FormDialog
      title={`New token for ${account.name}`}
      submitLabel="Create and show token"
      busy={createToken.isPending}
      onClose={onClose}
      onSubmit={() => createToken.mutate({ accountId: account.id, expiresInDays: days }, { onSuccess: onCreated, onError: (caught) => setError(errorMessage(caught)) })}
    >
      <p className="field-hint">The account&apos;s other tokens keep working: switch the integration over, then revoke the old one.</p>
      <ExpiryChoice value={days} onChange={setDays} />
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </FormDialog>
  );
}
