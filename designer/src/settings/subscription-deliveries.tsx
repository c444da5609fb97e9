import { RefreshCw } from 'lucide-react';
import { useId, useState } from 'react';
import { DateTime } from '../app/date-time.js';
import { errorMessage } from '../app/error-message.js';
import { EmptyState, ErrorState, LoadingState } from '../shared/page-state.js';
import type { PageMessage } from '../shared/page-notice.js';
import { TableHead } from '../shared/table-head.js';
import { DELIVERY_STATES } from '../../../server/contract/event-subscriptions.js';
import { useDeliveries, useEventSubscriptionActions, type EventDelivery, type EventSubscription } from './event-subscriptions-api.js';

/** What an attempt came to, in words. */
function attemptText(attempt: EventDelivery['attempts'][number]): string {
  if (attempt.error === null) return `answered ${attempt.statusCode ?? ''} in ${attempt.durationMs} ms`;
  return attempt.error;
}

/**
 * The deliveries of one subscription, newest first, filtered by state, each with every attempt
 * (when, the answer or why it failed) and, for people who manage subscriptions, a Resend button.
 */
export function SubscriptionDeliveries({
  tenantId,
  subscription,
  manage,
  onMessage,
}: {
  tenantId: string;
  subscription: EventSubscription;
  manage: boolean;
  onMessage: (message: PageMessage) => void;
}) {
  const [state, setState] = useState('');
  const stateId = useId();
  const deliveries = useDeliveries(tenantId, subscription.id, state);
  const { resend } = useEventSubscriptionActions(tenantId);
  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="subscription-deliveries" aria-labelledby={`${stateId}-title`}>
      <h2 id={`${stateId}-title`}>Deliveries to {subscription.url}</h2>
      <div className="form-actions">
        <div className="field">
          <label htmlFor={stateId}>Show</label>
          <select id={stateId} value={state} onChange={(event) => setState(event.target.value)}>
            <option value="">All deliveries</option>
            {DELIVERY_STATES.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button subtle" onClick={() => void deliveries.refetch()}>
          <RefreshCw size={14} aria-hidden="true" />
          Refresh
        </button>
      </div>
      {deliveries.isPending ? <LoadingState label="Loading deliveries…" /> : null}
      {deliveries.isError ? <ErrorState title="The deliveries could not be loaded" error={deliveries.error} onRetry={() => void deliveries.refetch()} /> : null}
      {deliveries.isSuccess && items.length === 0 ? (
        <EmptyState title="No deliveries yet">
          <p>Events this subscription receives appear here with every attempt. Send a test event to try the endpoint.</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <table className="table deliveries">
          <TableHead caption={`Deliveries to ${subscription.url}`} columns={['Event', 'State', 'Attempts']} actions={manage} />
          <tbody>
            {items.map((delivery) => (
              <tr key={delivery.id}>
                <td>
                  <code>{delivery.eventType}</code>
                  <div className="muted small">
                    <DateTime iso={delivery.createdAt} /> · {delivery.eventId}
                  </div>
                </td>
                <td>
                  <span className={`status-badge ${delivery.state}`}>{delivery.state}</span>
                  {delivery.nextAttemptAt ? (
                    <div className="muted small">
                      next try <DateTime iso={delivery.nextAttemptAt} />
                    </div>
                  ) : null}
                </td>
                <td>
                  {delivery.attempts.length === 0 ? (
                    <span className="muted">not tried yet</span>
                  ) : (
                    <ol className="plain-list">
                      {delivery.attempts.map((attempt) => (
                        <li key={attempt.attempt}>
                          #{attempt.attempt} <DateTime iso={attempt.at} />: <span className={attempt.error === null ? undefined : 'error'}>{attemptText(attempt)}</span>
                        </li>
                      ))}
                    </ol>
                  )}
                </td>
                {manage ? (
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button subtle"
                      aria-label={`Resend ${delivery.eventType} ${delivery.eventId}`}
                      disabled={!subscription.enabled}
                      onClick={() =>
                        resend.mutate(
                          { subscriptionId: subscription.id, deliveryId: delivery.id },
                          { onSuccess: () => onMessage({ kind: 'ok', text: `${delivery.eventType} is sent again as a new delivery.` }), onError: (error) => onMessage({ kind: 'bad', text: errorMessage(error) }) },
                        )
                      }
                    >
                      Resend
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {deliveries.hasNextPage ? (
        <div className="form-actions">
          <button type="button" className="button" disabled={deliveries.isFetchingNextPage} onClick={() => void deliveries.fetchNextPage()}>
            Show older deliveries
          </button>
        </div>
      ) : null}
    </section>
  );
}
