import type { EventConsumer } from '../events/event-dispatcher.js';
import type { DeliveryLog } from './delivery-log.js';
import type { SubscriptionService } from './subscription-service.js';

/**
 * The platform event consumer `subscriptions`: queues one delivery of each event per enabled
 * subscription that wants it (the event's workspace's own, and its partner's that include
 * customers). It writes synchronously, so the deliveries commit with the consumer's position and
 * each event makes its deliveries exactly once. `queued` hears of new deliveries after that commit.
 */
export function subscriptionConsumer(subscriptions: SubscriptionService, deliveries: DeliveryLog, queued: () => void): EventConsumer {
  return {
    name: 'subscriptions',
    handle: (event) => {
      const matching = subscriptions.matching(event.tenantId, event.type);
      for (const subscriptionId of matching) deliveries.enqueue(subscriptionId, event);
      if (matching.length > 0) setImmediate(queued);
    },
  };
}
