import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

/** What the provider says about one of its people (the login name typed on its sign-in form is the key). */
export interface IdpPerson {
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
  readonly groups?: readonly string[];
}

/** A real OpenID Connect provider (oidc-provider 8) on 127.0.0.1, with one confidential client. */
export interface LoopbackIdp {
  /** `http://127.0.0.1:<port>`: the issuer, and the origin of its pages. */
  readonly issuer: string;
  /** `127.0.0.1:<port>`, for the server's egress allow-list. */
  readonly hostPort: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Its people by login name; tests may change them between sign-ins. */
  readonly people: Map<string, IdpPerson>;
  /** Starts answering, with the client's one redirect URI (known once the Flowgate server listens). */
  register(redirectUri: string): void;
  close(): Promise<void>;
}

/**
 * Starts the provider's HTTP server first (its port is the issuer, which the Flowgate server's
 * allow-list needs), and the provider itself once {@link LoopbackIdp.register} names the redirect
 * URI. Its development sign-in form accepts any password; consent is pre-granted, as an
 * organisation's provider does for its own applications. ID tokens carry the standard claims only;
 * e-mail and groups come from the userinfo endpoint.
 */
export async function startLoopbackIdp(people: Record<string, IdpPerson>): Promise<LoopbackIdp> {
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    withoutWebFont(res);
    if (handle) handle(req, res);
    else res.writeHead(503).end();
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const issuer = `http://127.0.0.1:${port}`;
  const directory = new Map(Object.entries(people));
  const clientId = 'flowgate-test';
  const clientSecret = 'a-client-secret-for-the-loopback-provider';
  return {
    issuer,
    hostPort: `127.0.0.1:${port}`,
    clientId,
    clientSecret,
    people: directory,
    register(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
        scopes: ['openid', 'email', 'profile', 'groups'],
        features: { devInteractions: { enabled: true } },
        pkce: { methods: ['S256'], required: () => true },
        cookies: { keys: ['loopback-provider-cookie-key'] },
        findAccount: (_ctx: unknown, id: string) => {
          const person = directory.get(id);
          return person && { accountId: id, claims: () => ({ sub: id, ...person }) };
        },
        loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
          const clientOf = ctx.oidc.client?.clientId;
          const accountId = ctx.oidc.session?.accountId;
          if (!clientOf || !accountId) return undefined;
          const grant = new ctx.oidc.provider.Grant({ clientId: clientOf, accountId });
          grant.addOIDCScope('openid email profile groups');
          grant.addOIDCClaims(['email', 'email_verified', 'name', 'groups']);
          await grant.save();
          return grant;
        },
      });
      handle = provider.callback();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The `@import` of a web font in the provider's development pages. */
const WEB_FONT_IMPORT = /@import url\(https:\/\/fonts\.googleapis\.com[^)]*\);/g;

/**
 * Takes the web font out of the provider's HTML pages: a browser showing them would reach the
 * internet for it, and tests stay on 127.0.0.1.
 */
function withoutWebFont(res: ServerResponse): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    const html = String(res.getHeader('content-type') ?? '').startsWith('text/html');
    if (html && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
      const text = chunk.toString().replace(WEB_FONT_IMPORT, '');
      if (!res.headersSent) res.setHeader('content-length', Buffer.byteLength(text));
      return end(text, ...rest);
    }
    return end(chunk, ...rest);
  }) as typeof res.end;
}

/**
 * Goes through the provider's sign-in as a browser would, without one: follows the authorization
 * URL, submits the login form as `login`, follows the redirects with the provider's cookies, and
 * answers the query string it sends the browser back to the redirect URI with.
 */
export async function signInAtIdp(authorizationUrl: string, login: string): Promise<string> {
  const cookies = new Map<string, string>();
  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string> | undefined), cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const separator = pair.indexOf('=');
      cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    return response;
  };
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    const response = await send(url);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (next.origin !== new URL(authorizationUrl).origin) return next.search;
      url = next.toString();
      continue;
    }
    const page = await response.text();
    if (!page.includes('name="login"')) throw new Error(`the provider answered ${response.status} without its sign-in form: ${page.slice(0, 300)}`);
    const submitted = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any password' }).toString(),
    });
    const after = submitted.headers.get('location');
    if (!after) throw new Error(`the provider's sign-in form answered ${submitted.status} without a redirect`);
    url = new URL(after, url).toString();
  }
  throw new Error('the provider never sent the browser back');
}
