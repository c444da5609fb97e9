import { randomBytes, randomUUID } from 'node:crypto';
import { DEMO_CREDENTIALS } from '../credentials.js';
import { jsonReply, type Reply, type Route, type SandboxContext, type SandboxRequest } from '../http-types.js';
import { SandboxError } from '../sandbox-error.js';

/** The access tokens the sandbox issued and when each expires (they outlive a reset, as a real tenant's do). */
export class BcTokens {
  private readonly expiries = new Map<string, number>();

  issue(now: Date, ttlSeconds: number): string {
    const token = `sandbox.${randomBytes(32).toString('base64url')}`;
    this.expiries.set(token, now.getTime() + ttlSeconds * 1000);
    return token;
  }

  /**
   * Throws Business Central's 401 unless the request carries a bearer token issued here and not
   * expired; the `WWW-Authenticate` description says which, so a client can refresh on expiry.
   */
  verify(request: SandboxRequest, now: Date): void {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw new SandboxError(401, 'The credentials provided are incorrect: send Authorization: Bearer <access token>.', undefined, 'Authentication_InvalidCredentials');
    const expiry = this.expiries.get(token);
    if (expiry === undefined) throw new SandboxError(401, 'The credentials provided are incorrect: the access token is not valid.', undefined, 'Authentication_InvalidCredentials');
    if (expiry <= now.getTime()) throw new SandboxError(401, 'The access token has expired.', undefined, 'Unauthorized');
  }
}

/** An answer in Microsoft Entra's error shape. */
function entraError(status: number, error: string, code: number, description: string, now: Date): Reply {
  return jsonReply(status, {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${now.toISOString().replace('T', ' ').slice(0, 19)}Z`,
    error_codes: [code],
    timestamp: now.toISOString().replace('T', ' ').slice(0, 19) + 'Z',
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

/** The client credentials: form fields, or HTTP Basic (client_secret_basic). */
function clientCredentials(request: SandboxRequest, form: URLSearchParams): { id: string | null; secret: string | null } {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (basic) {
    const [id = '', ...secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id), secret: decodeURIComponent(secret.join(':')) };
  }
  return { id: form.get('client_id'), secret: form.get('client_secret') };
}

/**
 * `POST /bc/{tenant}/oauth2/v2.0/token`, Microsoft Entra's token endpoint for the client
 * credentials grant (`grant_type=client_credentials`, `client_id`, `client_secret`, `scope=
 * https://api.businesscentral.dynamics.com/.default`, form-encoded) → `{ token_type: "Bearer",
 * expires_in, ext_expires_in, access_token }`; refusals in Entra's shape
 * (`{ error, error_description: "AADSTS...", error_codes }`).
 */
export function tokenRoute(tokens: BcTokens): Route {
  return {
    method: 'POST',
    pattern: '/bc/:tenant/oauth2/v2.0/token',
    anonymous: true,
    handle(request, context: SandboxContext) {
      const now = context.now();
      const expected = DEMO_CREDENTIALS.businessCentral;
      if (request.params.tenant !== expected.tenantId) return entraError(400, 'invalid_request', 90002, `Tenant '${request.params.tenant ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`, now);
      if (!String(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
        return entraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'. Send it form-encoded (application/x-www-form-urlencoded).", now);
      }
      const form = new URLSearchParams(request.body.toString('utf8'));
      const grant = form.get('grant_type');
      if (grant === null) return entraError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.", now);
      if (grant !== 'client_credentials') return entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`, now);
      const client = clientCredentials(request, form);
      if (client.id !== expected.clientId) return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${client.id ?? ''}' was not found in the directory '${expected.tenantId}'.`, now);
      if (client.secret !== expected.clientSecret) return entraError(401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.', now);
      const scope = form.get('scope');
      if (scope !== expected.scope) return entraError(400, 'invalid_scope', 1002012, `The provided value for scope ${scope ?? '(none)'} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI): ${expected.scope}.`, now);
      const ttl = context.tokenTtlSeconds;
      return jsonReply(200, { token_type: 'Bearer', expires_in: ttl, ext_expires_in: ttl, access_token: tokens.issue(now, ttl) });
    },
  };
}
