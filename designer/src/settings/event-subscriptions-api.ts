import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../app/api-client.js';
import type {
  createEventSubscriptionBody,
  eventDeliverySchema,
  eventSubscriptionSchema,
  issuedSubscriptionSecretSchema,
  updateEventSubscriptionBody,
} from '../../../server/contract/event-subscriptions.js';
import { settingsKeys } from './api.js';

export type EventSubscription = z.output<typeof eventSubscriptionSchema>;
export type IssuedSubscriptionSecret = z.output<typeof issuedSubscriptionSecretSchema>;
export type EventDelivery = z.output<typeof eventDeliverySchema>;
export type EventSubscriptionInput = z.input<typeof createEventSubscriptionBody>;
export type EventSubscriptionChange = z.input<typeof updateEventSubscriptionBody>;

const path = (tenantId: string) => `/api/v1/tenants/${encodeURIComponent(tenantId)}/event-subscriptions`;

/** Query key of a workspace's event subscriptions. */
export const eventSubscriptionsKey = (tenantId: string) => ['settings', tenantId, 'event-subscriptions'] as const;

/** Query key of one subscription's deliveries (all states, or one). */
const deliveriesKey = (tenantId: string, subscriptionId: string, state: string) => [...eventSubscriptionsKey(tenantId), subscriptionId, 'deliveries', state] as const;

/** The workspace's subscriptions (never their secrets). */
export function useEventSubscriptions(tenantId: string) {
  return useQuery({ queryKey: eventSubscriptionsKey(tenantId), queryFn: () => api<EventSubscription[]>('GET', path(tenantId)) });
}

/** A subscription's deliveries with their attempts, newest first, a page at a time; `state` '' for all. */
export function useDeliveries(tenantId: string, subscriptionId: string, state: string) {
  return useInfiniteQuery({
    queryKey: deliveriesKey(tenantId, subscriptionId, state),
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: '20' });
      if (state !== '') query.set('state', state);
      if (pageParam !== '') query.set('cursor', pageParam);
      return api<{ items: EventDelivery[]; nextCursor: string | null }>('GET', `${path(tenantId)}/${encodeURIComponent(subscriptionId)}/deliveries?${query.toString()}`);
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Pending deliveries change on their own (attempts, retries): look again while there are any.
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.items.some((delivery) => delivery.state === 'pending')) ? 5_000 : false),
  });
}

/** Creating, changing, deleting subscriptions, rotating secrets, re-sends and test events; each refreshes the lists and the audit log. */
export function useEventSubscriptionActions(tenantId: string) {
  const client = useQueryClient();
  const refresh = async () => {
    await Promise.all([client.invalidateQueries({ queryKey: eventSubscriptionsKey(tenantId) }), client.invalidateQueries({ queryKey: settingsKeys.audit(tenantId) })]);
  };
  const change = <Input, Output>(fn: (input: Input) => Promise<Output>) => ({ mutationFn: fn, onSuccess: refresh });
  const one = (subscriptionId: string) => `${path(tenantId)}/${encodeURIComponent(subscriptionId)}`;
  return {
    create: useMutation(change((body: EventSubscriptionInput) => api<IssuedSubscriptionSecret>('POST', path(tenantId), body))),
    update: useMutation(change((input: { subscriptionId: string; changes: EventSubscriptionChange }) => api<EventSubscription>('PATCH', one(input.subscriptionId), input.changes))),
    remove: useMutation(change((subscriptionId: string) => api<EventSubscription>('DELETE', one(subscriptionId)))),
    rotateSecret: useMutation(change((subscriptionId: string) => api<IssuedSubscriptionSecret>('POST', `${one(subscriptionId)}/rotate-secret`))),
    ping: useMutation(change((subscriptionId: string) => api<EventDelivery>('POST', `${one(subscriptionId)}/ping`, {}))),
    resend: useMutation(change((input: { subscriptionId: string; deliveryId: string }) => api<EventDelivery>('POST', `${one(input.subscriptionId)}/deliveries/${encodeURIComponent(input.deliveryId)}/resend`))),
  };
}
