import { DEMO_CREDENTIALS } from '../credentials.js';
import { jsonReply, type ApiFamily, type Reply, type Route, type SandboxContext, type SandboxRequest } from '../http-types.js';
import { jsonObject } from '../request-body.js';
import { SandboxError } from '../sandbox-error.js';
import { BcTokens, tokenRoute } from './bc-auth.js';
import type { BcRow } from './bc-types.js';
import { recordNotFound } from './bc-values.js';
import { createRecord, deleteRecord, table, updateRecord } from './bc-writes.js';
import { entity, known, type EntityDefinition } from './entities.js';
import { etagOf } from './etag.js';
import { linesDefinition, listRows, nextLink, pageSize, present, queryOptions } from './odata-query.js';
import { parseResourcePath, type PathSegment } from './odata-path.js';

/** Where the API of an environment is: `/bc/v2.0/{tenant}/{environment}/api/`. */
const API_PATTERN = '/bc/v2.0/:tenant/:environment/api/*rest';

/** What a resource path addresses once resolved. */
interface Target {
  readonly api: string;
  readonly definition: EntityDefinition;
  /** Rows of the collection addressed (a document's lines, or the whole set). */
  readonly rows: BcRow[];
  /** The record addressed, for a path ending in a key. */
  readonly row?: BcRow;
  /** The document of a nested lines path. */
  readonly document?: BcRow;
  /** The path below the API root, for `@odata.context`. */
  readonly contextPath: string;
}

function notFound(request: SandboxRequest): SandboxError {
  return new SandboxError(404, `No HTTP resource was found that matches the request URI '${request.path}'.`, undefined, 'BadRequest_NotFound');
}

function find(rows: readonly BcRow[], definition: EntityDefinition, key: string): BcRow {
  const row = rows.find((candidate) => candidate.data.id === key);
  if (!row) throw recordNotFound(definition, `Id='${key}'`);
  return row;
}

/** Resolves `companies(...)/set(...)/lines(...)` against the data, checking the tenant, environment and company. */
function resolve(request: SandboxRequest, context: SandboxContext): Target {
  const { tenantId, environment } = DEMO_CREDENTIALS.businessCentral;
  if (request.params.tenant !== tenantId) throw new SandboxError(404, `The tenant '${request.params.tenant ?? ''}' has no Business Central environments.`, undefined, 'BadRequest_NotFound');
  if (request.params.environment !== environment) throw new SandboxError(404, `Environment '${request.params.environment ?? ''}' was not found. The tenant has one environment: '${environment}'.`, undefined, 'BadRequest_NotFound');
  const { api, segments } = parseResourcePath(request.params.rest ?? '');
  const state = context.state.businessCentral;
  const [company, set, lines] = segments as [PathSegment, PathSegment | undefined, PathSegment | undefined];
  const companies = known('companies');
  if (company.name !== 'companies') throw notFound(request);
  if (!set) {
    const rows = table(state, 'companies');
    return { api, definition: companies, rows, row: company.key ? find(rows, companies, company.key) : undefined, contextPath: 'companies' };
  }
  find(table(state, 'companies'), companies, company.key as string);
  const definition = entity(api, set.name);
  if (!definition || definition.name === 'companies') throw notFound(request);
  const rows = table(state, definition.name);
  const base = `companies(${company.key as string})/${definition.name}`;
  if (!lines) return { api, definition, rows, row: set.key ? find(rows, definition, set.key) : undefined, contextPath: base };
  const linesOf = linesDefinition(definition);
  if (!linesOf || lines.name !== linesOf.name || !set.key) throw notFound(request);
  const document = find(rows, definition, set.key);
  const documentLines = table(state, linesOf.name).filter((row) => row.data.documentId === document.data.id);
  return { api, definition: linesOf, rows: documentLines, row: lines.key ? find(documentLines, linesOf, lines.key) : undefined, document, contextPath: `${base}(${set.key})/${linesOf.name}` };
}

function apiRoot(context: SandboxContext, request: SandboxRequest, api: string): string {
  return `${context.baseUrl}/bc/v2.0/${request.params.tenant ?? ''}/${request.params.environment ?? ''}/api/${api}`;
}

function entityReply(status: number, context: SandboxContext, request: SandboxRequest, target: Target, row: BcRow, detail?: Record<string, unknown>): Reply {
  const options = queryOptions(request.query, target.definition);
  const lines = options.expand ? linesOf(context, target.definition, row) : undefined;
  const body = { '@odata.context': `${apiRoot(context, request, target.api)}/$metadata#${target.contextPath}/$entity`, ...present(row, options.select), ...(lines ? { [options.expand as string]: lines } : {}) };
  const headers: Record<string, string> = { etag: etagOf(row), 'odata-version': '4.0' };
  if (status === 201) headers.location = `${apiRoot(context, request, target.api)}/${target.contextPath}(${String(row.data.id)})`;
  return jsonReply(status, body, headers, detail);
}

function linesOf(context: SandboxContext, definition: EntityDefinition, document: BcRow): Record<string, unknown>[] {
  const lines = linesDefinition(definition) as EntityDefinition;
  return table(context.state.businessCentral, lines.name)
    .filter((row) => row.data.documentId === document.data.id)
    .sort((a, b) => Number(a.data.sequence) - Number(b.data.sequence))
    .map((row) => present(row));
}

function notAllowed(method: string, definition: EntityDefinition, kind: 'Entity' | 'Collection'): SandboxError {
  return new SandboxError(405, `'${method}' requests for '${definition.name}' of EdmType '${kind}' are not allowed within Dynamics 365 Business Central OData web services.`, undefined, 'BadRequest_MethodNotAllowed');
}

/** `GET` a collection (OData query options, server paging) or one record. */
const readRoute: Route = {
  method: 'GET',
  pattern: API_PATTERN,
  handle(request, context) {
    const target = resolve(request, context);
    if (target.row) return entityReply(200, context, request, target, target.row);
    const options = queryOptions(request.query, target.definition);
    const prefer = request.headers.prefer;
    const { size, applied } = pageSize(Array.isArray(prefer) ? prefer.join(', ') : prefer);
    const page = listRows(target.rows, target.definition, options, size);
    const root = apiRoot(context, request, target.api);
    const body: Record<string, unknown> = { '@odata.context': `${root}/$metadata#${target.contextPath}` };
    if (options.count) body['@odata.count'] = page.count;
    body.value = page.rows.map((row) => ({ ...present(row, options.select), ...(options.expand ? { [options.expand]: linesOf(context, target.definition, row) } : {}) }));
    if (page.nextOffset !== undefined) body['@odata.nextLink'] = nextLink(`${context.baseUrl}${request.path}`, request.query, page.nextOffset);
    return jsonReply(200, body, { 'odata-version': '4.0', ...(applied ? { 'preference-applied': `odata.maxpagesize=${size}` } : {}) });
  },
};

const createRoute: Route = {
  method: 'POST',
  pattern: API_PATTERN,
  effect: 'api',
  handle(request, context) {
    const target = resolve(request, context);
    if (target.row) throw notAllowed('POST', target.definition, 'Entity');
    if (target.definition.writable.length === 0) throw notAllowed('POST', target.definition, 'Collection');
    const row = createRecord(context, target.definition, jsonObject(request), target.document);
    return entityReply(201, context, request, target, row, { set: target.definition.name, id: row.data.id, number: row.data.number });
  },
};

const updateRoute: Route = {
  method: 'PATCH',
  pattern: API_PATTERN,
  effect: 'api',
  handle(request, context) {
    const target = resolve(request, context);
    if (!target.row) throw notAllowed('PATCH', target.definition, 'Collection');
    if (target.definition.writable.length === 0) throw notAllowed('PATCH', target.definition, 'Entity');
    const row = updateRecord(context, target.definition, target.row, jsonObject(request), request.headers['if-match']);
    return entityReply(200, context, request, target, row, { set: target.definition.name, id: row.data.id });
  },
};

const deleteRoute: Route = {
  method: 'DELETE',
  pattern: API_PATTERN,
  effect: 'api',
  handle(request, context) {
    const target = resolve(request, context);
    if (!target.row) throw notAllowed('DELETE', target.definition, 'Collection');
    if (target.definition.writable.length === 0) throw notAllowed('DELETE', target.definition, 'Entity');
    deleteRecord(context, target.definition, target.row, request.headers['if-match']);
    return { status: 204, body: '', detail: { set: target.definition.name, id: target.row.data.id } };
  },
};

const CODES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'BadRequest_NotFound',
  405: 'BadRequest_MethodNotAllowed',
  412: 'Request_EntityChanged',
  413: 'RequestEntityTooLarge',
  422: 'BadRequest',
  429: 'Application_TooManyRequests',
};

/**
 * Business Central API v2.0 for the demo company (and the partner's supply-chain API page), with
 * its OAuth2 client-credentials token endpoint. Errors in Business Central's shape
 * `{"error": {"code", "message"}}`; a 401 also says why in `WWW-Authenticate`.
 */
export function businessCentralApi(): ApiFamily {
  const tokens = new BcTokens();
  return {
    system: 'business-central',
    prefix: '/bc/',
    routes: [tokenRoute(tokens), readRoute, createRoute, updateRoute, deleteRoute],
    authenticate: (request, context) => tokens.verify(request, context.now()),
    error(error) {
      const code = error.code ?? CODES[error.status] ?? (error.status >= 500 ? 'Internal_ServerError' : 'BadRequest');
      const headers: Record<string, string> = error.status === 401 ? { 'www-authenticate': `Bearer error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"` } : {};
      return jsonReply(error.status, { error: { code, message: error.message } }, headers);
    },
  };
}
