import { NodeExecutionError, type NodeContext } from '../../runtime/definition/index.js';
import { callApi, type ApiResponse, type ApiSystem } from '../connector-kit/client/api-client.js';

/** Business Central's error bodies: `{"error": {"code": "...", "message": "..."}}`. */
function errorMessage(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.message === 'string') return typeof error.code === 'string' ? `${error.message} (${error.code})` : error.message;
  return typeof body === 'string' && body.length < 500 ? body : undefined;
}

const BUSINESS_CENTRAL: ApiSystem = { name: 'Business Central', errorMessage };

/** What every Business Central operation's config holds about the connection. */
export interface BcConnection {
  readonly apiUrl: string;
  readonly companyId: string;
  readonly credential: string;
}

/** A list request: OData options, and how many records to collect over all pages. */
export interface BcListRequest {
  readonly filter?: string;
  readonly orderBy?: string;
  readonly expand?: string;
  readonly maxItems: number;
}

/** The API client of one step, for one company, authenticated by an OAuth2 client-credentials token. */
export interface BcClient {
  /** Reads one record (`salesOrders(<id>)`), optionally with its lines. */
  get(path: string, expand?: string): Promise<unknown>;
  /** Every record of a set matching the options, following `@odata.nextLink` up to `maxItems`. */
  list(path: string, request: BcListRequest): Promise<{ records: unknown[]; truncated: boolean }>;
  /** Creates a record; `idempotencyKey` is sent as `Idempotency-Key` (a step with several creates derives one per request). */
  create(path: string, body: unknown, idempotencyKey: string): Promise<unknown>;
}

/**
 * The client for the company of `connection`. The access token comes from the credential store,
 * which fetched it with the client credentials and caches it until shortly before it expires; when
 * Business Central refuses it (401), the client asks the store for a new one once and repeats the
 * request, so a token revoked or expired early costs one round trip, not the step.
 */
export function bcClient(ctx: NodeContext, connection: BcConnection): BcClient {
  const root = new URL(`${connection.apiUrl.replace(/\/+$/, '')}/companies(${connection.companyId})/`);
  const token = async (refresh: boolean): Promise<string> => {
    let fields: Readonly<Record<string, string>>;
    try {
      fields = await ctx.secrets.get(connection.credential, { url: root.href, ...(refresh ? { refresh } : {}) });
    } catch (error) {
      if (error instanceof NodeExecutionError) throw error;
      throw new NodeExecutionError(`the credential "${connection.credential}" could not be loaded or its token not obtained`, { code: 'CREDENTIAL_UNAVAILABLE', retryable: true });
    }
    if (fields.type !== 'bearer' || typeof fields.token !== 'string' || fields.token === '') {
      throw new NodeExecutionError(`the credential "${connection.credential}" is not an OAuth2 client credentials credential; Business Central needs one`, { code: 'CREDENTIAL_INVALID' });
    }
    return fields.token;
  };
  const send = async (method: 'GET' | 'POST', url: URL, options: { json?: unknown; idempotencyKey?: string } = {}): Promise<ApiResponse> => {
    const attempt = async (refresh: boolean) => {
      const accessToken = await token(refresh);
      const headers = new Headers({ authorization: `Bearer ${accessToken}` });
      if (options.idempotencyKey !== undefined) headers.set('idempotency-key', options.idempotencyKey);
      return callApi(ctx, BUSINESS_CENTRAL, { method, url, headers, json: options.json, secrets: [accessToken] });
    };
    try {
      return await attempt(false);
    } catch (error) {
      if (!(error instanceof NodeExecutionError) || error.code !== 'API_UNAUTHORIZED' || (error.details as { status?: number } | undefined)?.status !== 401) throw error;
      ctx.log.info('Business Central refused the access token; asking for a new one', { status: 401 });
      return attempt(true);
    }
  };
  const at = (path: string, query: Readonly<Record<string, string | undefined>> = {}): URL => {
    const url = new URL(path, root);
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(name, value);
    return url;
  };
  return {
    async get(path, expand) {
      return (await send('GET', at(path, { $expand: expand }))).body;
    },
    async list(path, request) {
      const records: unknown[] = [];
      // One more than wanted, so a list that stops at the limit knows whether more records exist.
      let url: URL | undefined = at(path, { $filter: request.filter, $orderby: request.orderBy, $expand: request.expand, $top: String(request.maxItems + 1) });
      while (url !== undefined) {
        const page = (await send('GET', url)).body as { value?: unknown; '@odata.nextLink'?: unknown } | null;
        if (Array.isArray(page?.value)) records.push(...(page.value as unknown[]));
        const next = typeof page?.['@odata.nextLink'] === 'string' ? new URL(page['@odata.nextLink']) : undefined;
        if (records.length > request.maxItems) return { records: records.slice(0, request.maxItems), truncated: true };
        // The next page must stay on the company's API: a link elsewhere would take the token along.
        if (next !== undefined && (next.origin !== root.origin || !next.pathname.startsWith(root.pathname.replace(/companies\(.*$/, '')))) {
          throw new NodeExecutionError(`Business Central's next page ${next.origin}${next.pathname} is not on the company's API`, { code: 'API_BAD_PAGING' });
        }
        url = next;
      }
      return { records, truncated: false };
    },
    async create(path, body, idempotencyKey) {
      return (await send('POST', at(path), { json: body, idempotencyKey })).body;
    },
  };
}
