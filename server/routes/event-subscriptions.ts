import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { conflict } from '../domain/domain-error.js';
import { actorIdOf, audited } from '../http/audit.js';
import { decodeCursor, encodeCursor } from '../http/pagination.js';
import { defineRoute, type RouteCall, type RouteDefinition } from '../http/route.js';
import { idSchema, tenantParams } from '../contract/common.js';
import {
  PING_EVENT_TYPE,
  createEventSubscriptionBody,
  deliveryListQuery,
  eventDeliverySchema,
  eventSubscriptionSchema,
  issuedSubscriptionSecretSchema,
  updateEventSubscriptionBody,
} from '../contract/event-subscriptions.js';
import type { EventSubscription } from '../subscriptions/subscription-service.js';

const subscriptionParams = tenantParams.extend({ subscriptionId: idSchema });
const deliveryParams = subscriptionParams.extend({ deliveryId: idSchema });
const READ = { kind: 'tenant', permission: 'subscription.read' } as const;
const MANAGE = { kind: 'tenant', permission: 'subscription.manage' } as const;
const INVALID = 'The URL is not https:// (or http:// where the operator allows it), an event type is unknown, `includeCustomers` is set outside a partner workspace, or the workspace has the most subscriptions it may';

/** What the audit log keeps of a subscription: never its secret. */
function facts(subscription: EventSubscription): Record<string, unknown> {
  return { url: subscription.url, events: subscription.events, enabled: subscription.enabled, includeCustomers: subscription.includeCustomers };
}

/**
 * The delivery `queue` adds to the route's subscription (404 for another workspace's, 409 for a
 * disabled one), audited as `action` and attempted at once.
 */
async function queued(call: RouteCall<{ tenantId: string; subscriptionId: string }, unknown, unknown>, action: string, queue: () => Promise<string>) {
  const subscription = await call.app.subscriptions.get(call.tenant.tenant.id, call.params.subscriptionId);
  if (!subscription.enabled) throw conflict('the subscription is disabled; enable it to send to it');
  const subscriptionId = subscription.id;
  const deliveryId = await audited(call, action, { type: 'event-subscription', id: subscriptionId }, queue, (id) => ({ details: { deliveryId: id } }));
  call.app.deliverer.wake();
  return call.app.deliveries.get(subscriptionId, deliveryId);
}

/**
 * Event subscriptions: a workspace's HTTPS endpoints for platform events, their signed deliveries
 * with every attempt, re-sends and test events. The signing secret is answered by creation and
 * rotation only, and never listed, logged or audited.
 */
export const eventSubscriptionRoutes: RouteDefinition[] = [
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/event-subscriptions',
    summary: "The workspace's event subscriptions (never their secrets)",
    tags: ['event-subscriptions'],
    access: READ,
    params: tenantParams,
    response: z.array(eventSubscriptionSchema),
    handler: ({ app, tenant }) => app.subscriptions.list(tenant.tenant.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/event-subscriptions',
    summary: 'Subscribe an HTTPS endpoint to platform events; the signing secret is in this answer only',
    tags: ['event-subscriptions'],
    access: MANAGE,
    status: 201,
    params: tenantParams,
    body: createEventSubscriptionBody,
    response: issuedSubscriptionSecretSchema,
    errors: { 422: INVALID },
    handler: async (call) =>
      await audited(
        call,
        'event-subscription.create',
        (issued) => ({ type: 'event-subscription', id: issued.subscription.id }),
        () => call.app.subscriptions.create(call.tenant.tenant.id, call.tenant.tenant.kind, actorIdOf(call), call.body),
        (issued) => ({ details: facts(issued.subscription) }),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/event-subscriptions/:subscriptionId',
    summary: 'One event subscription (never its secret)',
    tags: ['event-subscriptions'],
    access: READ,
    params: subscriptionParams,
    response: eventSubscriptionSchema,
    handler: ({ app, tenant, params }) => app.subscriptions.get(tenant.tenant.id, params.subscriptionId),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/v1/tenants/:tenantId/event-subscriptions/:subscriptionId',
    summary: 'Change a subscription: its URL, events, description, whether it is enabled (a disabled one keeps its pending deliveries until enabled again) or receives customers\' events',
    tags: ['event-subscriptions'],
    access: MANAGE,
    params: subscriptionParams,
    body: updateEventSubscriptionBody,
    response: eventSubscriptionSchema,
    errors: { 422: INVALID },
    handler: async (call) => {
      const before = await call.app.subscriptions.get(call.tenant.tenant.id, call.params.subscriptionId);
      return await audited(
        call,
        'event-subscription.update',
        { type: 'event-subscription', id: before.id },
        () => call.app.subscriptions.update(call.tenant.tenant.id, call.tenant.tenant.kind, before.id, call.body),
        (after) => ({ before: facts(before), after: facts(after), details: { changed: Object.keys(call.body) } }),
      );
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/api/v1/tenants/:tenantId/event-subscriptions/:subscriptionId',
    summary: 'Delete a subscription with its deliveries; nothing more is sent to it',
    tags: ['event-subscriptions'],
    access: MANAGE,
    params: subscriptionParams,
    response: eventSubscriptionSchema,
    handler: async (call) =>
      await audited(
        call,
        'event-subscription.delete',
        { type: 'event-subscription', id: call.params.subscriptionId },
        () => call.app.subscriptions.delete(call.tenant.tenant.id, call.params.subscriptionId),
        (deleted) => ({ details: facts(deleted) }),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/event-subscriptions/:subscriptionId/rotate-secret',
    summary: 'Issue a new signing secret, in this answer only; the old one stops at once (retries are signed with the new one)',
    tags: ['event-subscriptions'],
    access: MANAGE,
    params: subscriptionParams,
    response: issuedSubscriptionSecretSchema,
    handler: async (call) =>
      await audited(call, 'event-subscription.rotate-secret', { type: 'event-subscription', id: call.params.subscriptionId }, () =>
        call.app.subscriptions.rotateSecret(call.tenant.tenant.id, call.params.subscriptionId),
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/tenants/:tenantId/event-subscriptions/:subscriptionId/deliveries',
    summary: "A subscription's deliveries, newest first, each with its attempts; by state, with cursor pagination",
    tags: ['event-subscriptions'],
    access: READ,
    params: subscriptionParams,
    query: deliveryListQuery,
    response: z.object({ items: z.array(eventDeliverySchema), nextCursor: z.string().nullable() }),
    handler: async ({ app, tenant, params, query }) => {
      const subscription = await app.subscriptions.get(tenant.tenant.id, params.subscriptionId);
      const items = await app.deliveries.list(subscription.id, { state: query.state, after: decodeCursor(query.cursor), limit: query.limit });
      const last = items.length === query.limit ? items[items.length - 1] : undefined;
      return { items, nextCursor: last ? encodeCursor(Date.parse(last.createdAt), last.id) : null };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/event-subscriptions/:subscriptionId/deliveries/:deliveryId/resend',
    summary: 'Send a delivered or failed event again: a new delivery of the same event (same event id and body), due at once; the old one stays as it was',
    tags: ['event-subscriptions'],
    access: MANAGE,
    status: 202,
    errors: { 409: 'The subscription is disabled' },
    params: deliveryParams,
    response: eventDeliverySchema,
    handler: (call) =>
      queued(call, 'event-subscription.resend', async () => {
        const payload = await call.app.deliveries.payloadOf(call.params.subscriptionId, call.params.deliveryId);
        return call.app.deliveries.enqueue(call.params.subscriptionId, payload);
      }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/tenants/:tenantId/event-subscriptions/:subscriptionId/ping',
    summary: 'Send a test event (type `ping`) to the subscription, due at once, whatever events it subscribed to',
    tags: ['event-subscriptions'],
    access: MANAGE,
    status: 202,
    errors: { 409: 'The subscription is disabled' },
    params: subscriptionParams,
    response: eventDeliverySchema,
    handler: (call) =>
      queued(call, 'event-subscription.ping', () =>
        call.app.deliveries.enqueue(call.params.subscriptionId, {
          id: `evt_${randomBytes(12).toString('base64url')}`,
          type: PING_EVENT_TYPE,
          tenantId: call.tenant.tenant.id,
          occurredAt: new Date().toISOString(),
          data: { subscriptionId: call.params.subscriptionId, message: 'A test event: this endpoint receives Flowgate events.' },
        }),
      ),
  }),
];
