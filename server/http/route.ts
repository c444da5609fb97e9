import type { NextFunction, Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { Permission } from '../auth/permissions.js';
import { PERMISSION_ACTIONS, allows, rolesInWords } from '../auth/permissions.js';
import type { Authentication } from '../auth/sessions.js';
import type { TenantAccess } from '../auth/tenant-access.js';
import type { AppContext } from '../context.js';
import { DomainError, forbidden, notFound, type ErrorDetail } from '../domain/domain-error.js';
import { jsonText } from '../../runtime/expressions/index.js';
import type { ServiceCaller } from '../services/service-accounts.js';
import { authenticationOf, serviceCallerOf } from './authenticate.js';
import { serviceTenantAccess } from './service-access.js';

/**
 * Who may call a route: anyone, any signed-in user, members of the path's tenant with a
 * permission, or the platform operator (who runs the installation: partners, not their data).
 */
export type RouteAccess = { readonly kind: 'public' } | { readonly kind: 'user' } | { readonly kind: 'tenant'; readonly permission: Permission } | { readonly kind: 'platform' };

/** What a route handler receives: validated input, the caller, their tenant access, the app. */
export interface RouteCall<Params, Query, Body, Headers = unknown> {
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
  /** The request headers the route describes (names in lowercase), validated. */
  readonly headers: Headers;
  /** The person calling; undefined on public routes and for a service account. */
  readonly auth: Authentication | undefined;
  /** The service account calling (then `auth` is undefined: it is not a person); tenant routes only. */
  readonly service: ServiceCaller | undefined;
  /** The caller's access to `:tenantId` on tenant routes. */
  readonly tenant: TenantAccess;
  readonly app: AppContext;
  readonly req: Request;
  readonly res: Response;
}

/** What a handler may return for a response schema: the same shape, readonly or not. */
export type Reply<T> = T extends (infer Item)[]
  ? readonly Reply<Item>[]
  : T extends Record<string, unknown>
    ? { readonly [Key in keyof T]: Reply<T[Key]> }
    : T;

/**
 * One API route: method, path, who may call it, zod schemas for its input and output, and the
 * handler. The same definition validates requests, documents the route in OpenAPI and drives the
 * role-matrix test.
 */
export interface RouteDefinition<Params = unknown, Query = unknown, Body = unknown, Result = unknown, Headers = unknown> {
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path, e.g. `/api/v1/tenants/:tenantId/workflows/:workflowId`. */
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly access: RouteAccess;
  readonly params?: z.ZodType<Params>;
  readonly query?: z.ZodType<Query>;
  readonly body?: z.ZodType<Body>;
  /** Request headers the route reads, keyed by lowercase name (other headers pass untouched). */
  readonly headers?: z.ZodType<Headers>;
  readonly response: z.ZodType<Result>;
  /** Success status (default 200; 201 for creations). */
  readonly status?: number;
  /**
   * The handler itself narrows what it answers to a service account's workflows (a list), so a
   * service account limited to some workflows may call it without naming a workflow or run.
   */
  readonly workflowScoped?: boolean;
  /** Error statuses this route answers beyond the common ones, with what they mean (for OpenAPI). */
  readonly errors?: Readonly<Record<number, string>>;
  readonly handler: (call: RouteCall<Params, Query, Body, Headers>) => Reply<Result> | Promise<Reply<Result>>;
}

/** Keeps the handler's types tied to the schemas. */
export function defineRoute<Params = Record<string, never>, Query = Record<string, never>, Body = undefined, Result = unknown, Headers = Record<string, never>>(
  route: RouteDefinition<Params, Query, Body, Result, Headers>,
): RouteDefinition {
  return route as unknown as RouteDefinition;
}

/** Registers routes on an Express router with validation, authentication and access checks. */
export function mountRoutes(router: Router, routes: readonly RouteDefinition[], app: AppContext): void {
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const auth = authenticationOf(res);
        const service = serviceCallerOf(res);
        if (route.access.kind !== 'public' && !auth && !service) {
          throw new DomainError('unauthenticated', 'UNAUTHENTICATED', 'sign in, or send a bearer token, to use this route');
        }
        if (service && (route.access.kind === 'user' || route.access.kind === 'platform')) {
          throw forbidden('a service account is not a person: this route is for signed-in people');
        }
        if (route.access.kind === 'platform' && !(await app.platform.isOperator((auth as Authentication).user.id))) {
          throw forbidden('only the platform operator, who runs this installation, may manage partners');
        }
        const tenant =
          route.access.kind !== 'tenant'
            ? (undefined as never)
            : service
              ? await serviceTenantAccess(app, service, req.params, route.access.permission, route.workflowScoped === true)
              : await tenantAccess(app, auth as Authentication, req.params.tenantId, route.access.permission);
        const params = parse(route.params, req.params, 'params');
        const query = parse(route.query, req.query, 'query');
        const body = route.body ? parse(route.body, jsonBody(req), 'body') : undefined;
        const headers = parse(route.headers, req.headers, 'headers');
        const result = await route.handler({ params, query, body, headers, auth, service: route.access.kind === 'tenant' ? service : undefined, tenant, app, req, res });
        if (!res.headersSent) sendJson(res, route.status ?? 200, result);
      } catch (error) {
        next(error);
      }
    });
  }
}

/**
 * Answers JSON. Drafts stored before the document limits existed may be nested deeper than
 * `JSON.stringify` can recurse; {@link jsonText} writes those too, so opening one to fix it never fails.
 */
function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).type('application/json').send(jsonText(body));
}

/**
 * Refuses (403) a caller whose roles — or, for a service account, scopes — do not grant
 * `permission`: for a route that needs a second permission for part of what it does.
 */
export function requirePermission(call: RouteCall<unknown, unknown, unknown>, permission: Permission): void {
  const granted = call.service ? (call.service.scopes as readonly Permission[]).includes(permission) : allows(call.tenant.roles, permission);
  if (!granted) throw forbidden(`${call.service ? 'this service account' : `your role in this tenant (${rolesInWords(call.tenant.roles)})`} does not allow you to ${PERMISSION_ACTIONS[permission]}`);
}

async function tenantAccess(app: AppContext, auth: Authentication, tenantId: string | string[] | undefined, permission: Permission): Promise<TenantAccess> {
  const access = typeof tenantId === 'string' ? await app.access.resolve(auth.user.id, tenantId) : undefined;
  if (!access) throw notFound('the tenant');
  if (!allows(access.roles, permission)) {
    throw forbidden(`your role in this tenant (${rolesInWords(access.roles)}) does not allow you to ${PERMISSION_ACTIONS[permission]}`);
  }
  return access;
}

/**
 * The JSON body. A request without any body counts as `{}`, so routes whose fields are all optional
 * (a review without a comment) need none; a body of another type is refused with 415.
 */
function jsonBody(req: Request): unknown {
  const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  if (!hasBody) return undefined;
  if (!req.is('application/json')) {
    throw new DomainError('unsupported-media-type', 'UNSUPPORTED_MEDIA_TYPE', 'send the request body as JSON (Content-Type: application/json)');
  }
  return req.body as unknown;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return {} as T;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new DomainError('malformed', 'INVALID_REQUEST', `the request ${where} is not valid: ${details[0]?.path}: ${details[0]?.message}`, details);
}
