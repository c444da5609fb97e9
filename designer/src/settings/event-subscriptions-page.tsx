import { Plus, TriangleAlert } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../app/error-message.js';
import { useCan } from '../app/permissions.js';
import { useWorkspace } from '../app/workspace.js';
import { ErrorMessage } from '../account/account-card.js';
import { CopyButton } from '../shared/copy-button.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import { PageNotice, type PageMessage } from '../shared/page-notice.js';
import { TableHead } from '../shared/table-head.js';
import { PLATFORM_EVENT_DESCRIPTIONS, PLATFORM_EVENT_TYPES, type PlatformEventType } from '../../../runtime/definition/platform-events.js';
import { MAX_SUBSCRIPTIONS_PER_WORKSPACE } from '../../../server/contract/event-subscriptions.js';
import { useEventSubscriptionActions, useEventSubscriptions, type EventSubscription } from './event-subscriptions-api.js';
import { FormDialog } from './form-dialog.js';
import { SubscriptionDeliveries } from './subscription-deliveries.js';

/** A signing secret just issued: shown this once. */
type Issued = { url: string; secret: string };

/**
 * Settings → Event subscriptions: HTTPS endpoints that receive the workspace's platform events
 * (runs, tasks, versions, exceptions), signed with a secret shown once; each subscription's
 * deliveries with their attempts, re-sends and a test event.
 */
export function EventSubscriptionsPage() {
  const { tenant } = useWorkspace();
  const can = useCan();
  const manage = can('subscription.manage');
  const subscriptions = useEventSubscriptions(tenant.id);
  const [message, setMessage] = useState<PageMessage>(null);
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [watching, setWatching] = useState<string | null>(null);
  const watched = subscriptions.data?.find((subscription) => subscription.id === watching);
  const full = (subscriptions.data?.length ?? 0) >= MAX_SUBSCRIPTIONS_PER_WORKSPACE;
  return (
    <section aria-labelledby="event-subscriptions-title">
      <h1 id="event-subscriptions-title">Event subscriptions</h1>
      <p className="page-intro">
        Send this workspace&apos;s events — runs that finished or failed, approval tasks, versions submitted, approved or activated, exceptions — to your own HTTPS endpoint, for example an
        alerting tool or an ERP. Each delivery is signed (<code>X-Flowgate-Signature</code>) and retried with back-off for about seven hours when your endpoint does not answer 2xx.
      </p>
      <PageNotice message={message} />
      {issued ? <IssuedSecret issued={issued} onDone={() => setIssued(null)} /> : null}
      {manage ? (
        <div className="form-actions">
          <button type="button" className="button primary" disabled={full} onClick={() => setCreating(true)}>
            <Plus size={16} aria-hidden="true" />
            New subscription
          </button>
          {full ? <span className="muted small">A workspace has at most {MAX_SUBSCRIPTIONS_PER_WORKSPACE} subscriptions.</span> : null}
        </div>
      ) : null}
      {subscriptions.isPending ? <LoadingState label="Loading event subscriptions…" /> : null}
      {subscriptions.isError ? <ErrorState title="The event subscriptions could not be loaded" error={subscriptions.error} onRetry={() => void subscriptions.refetch()} /> : null}
      {subscriptions.data?.length === 0 ? (
        <EmptyState title="No event subscriptions yet">
          <p>Subscribe an endpoint to be told when a run fails or a version waits for sign-off, without watching the runs list.</p>
        </EmptyState>
      ) : null}
      {subscriptions.data && subscriptions.data.length > 0 ? (
        <SubscriptionTable
          tenantId={tenant.id}
          subscriptions={subscriptions.data}
          manage={manage}
          watching={watching}
          onWatch={setWatching}
          onMessage={setMessage}
          onIssued={setIssued}
        />
      ) : null}
      {watched ? <SubscriptionDeliveries tenantId={tenant.id} subscription={watched} manage={manage} onMessage={setMessage} /> : null}
      {creating ? (
        <SubscriptionDialog
          tenantId={tenant.id}
          partner={tenant.kind === 'partner'}
          onClose={() => setCreating(false)}
          onDone={(created) => {
            setCreating(false);
            setMessage(null);
            setIssued(created);
          }}
        />
      ) : null}
    </section>
  );
}

/** The secret just issued, with a Copy button and the warning that it is not shown again. */
function IssuedSecret({ issued, onDone }: { issued: Issued; onDone: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [issued]);
  return (
    <div className="issued-token" role="group" aria-label={`Signing secret for ${issued.url}`} tabIndex={-1} ref={box}>
      <p>
        <TriangleAlert size={16} aria-hidden="true" /> <strong>Copy the signing secret now: it is shown only this once.</strong> Your endpoint checks each delivery with it.
      </p>
      <div className="copy-row">
        <code data-testid="subscription-secret">{issued.secret}</code>
        <CopyButton text={issued.secret} label="Copy secret" />
      </div>
      <p className="field-hint">
        <code>X-Flowgate-Signature</code> is <code>sha256=</code> and the hex HMAC-SHA256 of <code>&lt;X-Flowgate-Timestamp&gt;.&lt;body&gt;</code> with this secret. A Flowgate webhook trigger with
        HMAC authentication checks it for you.
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </div>
  );
}

/** Creates a subscription or, given `subscription`, changes its URL, events, description and state. */
function SubscriptionDialog({
  tenantId,
  partner,
  subscription,
  onClose,
  onDone,
}: {
  tenantId: string;
  partner: boolean;
  subscription?: EventSubscription;
  onClose: () => void;
  onDone: (issued: Issued | null) => void;
}) {
  const { create, update } = useEventSubscriptionActions(tenantId);
  const [url, setUrl] = useState(subscription?.url ?? '');
  const [description, setDescription] = useState(subscription?.description ?? '');
  const [events, setEvents] = useState<PlatformEventType[]>(subscription?.events ?? ['run.failed']);
  const [enabled, setEnabled] = useState(subscription?.enabled ?? true);
  const [includeCustomers, setIncludeCustomers] = useState(subscription?.includeCustomers ?? false);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (events.length === 0) return setError('Choose at least one event.');
    const fields = { url: url.trim(), events, description: description.trim(), enabled, ...(partner ? { includeCustomers } : {}) };
    const fail = (caught: unknown) => setError(errorMessage(caught));
    if (subscription) update.mutate({ subscriptionId: subscription.id, changes: fields }, { onSuccess: () => onDone(null), onError: fail });
    else create.mutate(fields, { onSuccess: (created) => onDone({ url: created.subscription.url, secret: created.secret }), onError: fail });
  };
  return (
    <FormDialog
      title={subscription ? 'Change subscription' : 'New event subscription'}
      submitLabel={subscription ? 'Save changes' : 'Create and show secret'}
      busy={create.isPending || update.isPending}
      onClose={onClose}
      onSubmit={submit}
    >
      <div className="dialog-fields">
        <label>
          Endpoint URL
          <input required type="url" maxLength={2000} value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://alerts.example.com/flowgate" />
        </label>
        <label>
          Description <span className="muted">(optional)</span>
          <input maxLength={500} value={description} onChange={(event) => setDescription(event.target.value)} placeholder="What receives it and who to ask" />
        </label>
      </div>
      <fieldset className="choice-group">
        <legend>Events</legend>
        {PLATFORM_EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input type="checkbox" checked={events.includes(type)} onChange={(event) => setEvents(event.target.checked ? [...events, type] : events.filter((chosen) => chosen !== type))} />
            <code>{type}</code> <span className="muted small">{PLATFORM_EVENT_DESCRIPTIONS[type]}</span>
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
        Enabled (a disabled subscription receives nothing until enabled again)
      </label>
      {partner ? (
        <label className="checkbox">
          <input type="checkbox" checked={includeCustomers} onChange={(event) => setIncludeCustomers(event.target.checked)} />
          Also my customers&apos; events
        </label>
      ) : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
    </FormDialog>
  );
}

function SubscriptionTable({
  tenantId,
  subscriptions,
  manage,
  watching,
  onWatch,
  onMessage,
  onIssued,
}: {
  tenantId: string;
  subscriptions: EventSubscription[];
  manage: boolean;
  watching: string | null;
  onWatch: (subscriptionId: string | null) => void;
  onMessage: (message: PageMessage) => void;
  onIssued: (issued: Issued) => void;
}) {
  const { tenant } = useWorkspace();
  const { remove, rotateSecret, ping } = useEventSubscriptionActions(tenantId);
  const [editing, setEditing] = useState<EventSubscription | null>(null);
  const fail = (error: unknown) => onMessage({ kind: 'bad', text: errorMessage(error) });
  return (
    <>
      <table className="table event-subscriptions">
        <TableHead caption="Event subscriptions" columns={['Endpoint', 'Events', 'State']} actions />
        <tbody>
          {subscriptions.map((subscription) => (
            <tr key={subscription.id}>
              <td>
                <code>{subscription.url}</code>
                {subscription.description ? <div className="muted small">{subscription.description}</div> : null}
                {subscription.includeCustomers ? <div className="muted small">with my customers&apos; events</div> : null}
              </td>
              <td>{subscription.events.join(', ')}</td>
              <td>{subscription.enabled ? 'enabled' : <span className="status-badge suspended">disabled</span>}</td>
              <td className="row-actions">
                <button
                  type="button"
                  className="button subtle"
                  aria-pressed={watching === subscription.id}
                  aria-label={`Deliveries to ${subscription.url}`}
                  onClick={() => onWatch(watching === subscription.id ? null : subscription.id)}
                >
                  Deliveries
                </button>
                {manage ? (
                  <>
                    <button type="button" className="button subtle" aria-label={`Change the subscription to ${subscription.url}`} onClick={() => setEditing(subscription)}>
                      Change
                    </button>
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={`Send test event to ${subscription.url}`}
                      disabled={!subscription.enabled}
                      onClick={() =>
                        ping.mutate(subscription.id, {
                          onSuccess: () => {
                            onWatch(subscription.id);
                            onMessage({ kind: 'ok', text: `A test event is on its way to ${subscription.url}.` });
                          },
                          onError: fail,
                        })
                      }
                    >
                      Send test event
                    </button>
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={`New secret for ${subscription.url}`}
                      onClick={() => {
                        if (!window.confirm(`Issue a new signing secret for ${subscription.url}? The current one stops at once.`)) return;
                        rotateSecret.mutate(subscription.id, { onSuccess: (issued) => onIssued({ url: issued.subscription.url, secret: issued.secret }), onError: fail });
                      }}
                    >
                      New secret
                    </button>
                    <button
                      type="button"
                      className="button subtle danger"
                      aria-label={`Delete the subscription to ${subscription.url}`}
                      onClick={() => {
                        if (!window.confirm(`Delete the subscription to ${subscription.url} and its deliveries? Nothing more is sent to it.`)) return;
                        remove.mutate(subscription.id, {
                          onSuccess: () => {
                            if (watching === subscription.id) onWatch(null);
                            onMessage({ kind: 'ok', text: `The subscription to ${subscription.url} was deleted.` });
                          },
                          onError: fail,
                        });
                      }}
                    >
                      Delete
                    </button>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing ? (
        <SubscriptionDialog
          tenantId={tenantId}
          partner={tenant.kind === 'partner'}
          subscription={editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            onMessage({ kind: 'ok', text: `The subscription to ${editing.url} was saved.` });
            setEditing(null);
          }}
        />
      ) : null}
    </>
  );
}
