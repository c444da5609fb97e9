import { createSandbox, type Sandbox, type SandboxOptions } from '../../../server/sandbox/create-sandbox.js';
import { DEMO_CREDENTIALS } from '../../../server/sandbox/credentials.js';

/** The day the test sandboxes' data is anchored to, and the instant their clock starts at. */
export const TODAY = new Date('2025-03-15T00:00:00Z');
export const START = new Date('2025-03-15T12:00:00Z');

/** An answer as tests read it. */
export interface Answer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: T;
}

/** A sandbox on an ephemeral port with a clock the test moves, and clients for each API. */
export interface TestSandbox {
  readonly sandbox: Sandbox;
  readonly url: string;
  /** Moves the sandbox's clock forward. */
  advance(milliseconds: number): void;
  request<T = unknown>(method: string, path: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<Answer<T>>;
  shopify<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  bc<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  /** A fresh Business Central access token. */
  bcToken(): Promise<string>;
  shipstation<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  close(): Promise<void>;
}

export const SHOPIFY_API = `/shopify/admin/api/${DEMO_CREDENTIALS.shopify.apiVersion}`;
const bcSettings = DEMO_CREDENTIALS.businessCentral;
export const BC_TOKEN_PATH = `/bc/${bcSettings.tenantId}/oauth2/v2.0/token`;
export const BC_API = `/bc/v2.0/${bcSettings.tenantId}/${bcSettings.environment}/api/v2.0`;
export const BC_COMPANY = `${BC_API}/companies(${bcSettings.companyId})`;
export const SHIPSTATION_AUTH = `Basic ${Buffer.from(`${DEMO_CREDENTIALS.shipstation.apiKey}:${DEMO_CREDENTIALS.shipstation.apiSecret}`).toString('base64')}`;

/** Sends a request; a string body goes as is, anything else as JSON. */
export async function send<T = unknown>(url: string, method: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (typeof options.body !== 'string' && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (Slack and Teams answer text): the text is the body.
  }
  return { status: response.status, headers: response.headers, text, body: parsed as T };
}

/** Starts a sandbox anchored to {@link TODAY} whose clock starts at {@link START}. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  let now = START.getTime();
  const sandbox = await createSandbox({ today: TODAY, now: () => new Date(now), ...options });
  const request = <T>(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) => send<T>(`${sandbox.url}${path}`, method, init);
  let token: string | undefined;
  const bcToken = async (): Promise<string> => {
    const answer = await request<{ access_token: string }>('POST', BC_TOKEN_PATH, {
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: bcSettings.clientId, client_secret: bcSettings.clientSecret, scope: bcSettings.scope }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (answer.status !== 200) throw new Error(`token request failed: ${answer.status} ${answer.text}`);
    return answer.body.access_token;
  };
  return {
    sandbox,
    url: sandbox.url,
    advance: (milliseconds) => (now += milliseconds),
    request,
    shopify: (method, path, body, headers = {}) => request(method, `${SHOPIFY_API}${path}`, { body, headers: { 'x-shopify-access-token': DEMO_CREDENTIALS.shopify.accessToken, ...headers } }),
    async bc(method, path, body, headers = {}) {
      token ??= await bcToken();
      return request(method, path.startsWith('/bc/') ? path : `${BC_COMPANY}${path}`, { body, headers: { authorization: `Bearer ${token}`, ...headers } });
    },
    bcToken,
    shipstation: (method, path, body, headers = {}) => request(method, `/shipstation${path}`, { body, headers: { authorization: SHIPSTATION_AUTH, ...headers } }),
    close: () => sandbox.close(),
  };
}
