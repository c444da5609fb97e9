import type { EventConsumer } from '../events/event-dispatcher.js';
import type { DeliveryLog } from './delivery-log.js';
import type { SubscriptionService } from './subscription-service.js';

/**
 * The platform event consumer `subscriptions`: queues one delivery of each event per enabled
 * subscription that wants it (the event's workspace's own, and its partner's that include
 * customers). It runs in the dispatcher's transaction, so the deliveries commit with the
 * consumer's position and each event makes its deliveries exactly once. `queued` hears of new
 * deliveries on the next turn (a deliverer's claim on SQLite waits for that commit).
 */
export function subscriptionConsumer(subscriptions: SubscriptionService, deliveries: DeliveryLog, queued: () => void): EventConsumer {
  return {
    name: 'subscriptions',
    handle: async (event) => {
      const matching = await subscriptions.matching(event.tenantId, event.type);
      for (const subscriptionId of matching) await deliveries.enqueue(subscriptionId, event);
      if (matching.length > 0) setImmediate(queued);
    },
  };
}
