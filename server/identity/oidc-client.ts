import * as oidc from 'openid-client';
import { NodeExecutionError, type TenantHttp } from '../../runtime/definition/index.js';
import { DomainError } from '../domain/domain-error.js';
import { isLoopbackIssuer } from '../contract/sso.js';
import type { SsoConnection } from './sso-connections.js';

/** How long a provider's discovered metadata is reused before it is fetched again. */
const METADATA_TTL_MS = 10 * 60_000;

/** Seconds a request to the identity provider may take. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** The checks that bind a callback to the sign-in it answers: state, nonce and the PKCE verifier. */
export interface FlowChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** What the provider said about the person: the ID token's claims, completed by its userinfo. */
export type ProviderClaims = Readonly<Record<string, unknown>> & { readonly sub: string };

/**
 * OpenID Connect with each partner's identity provider (openid-client): discovery, the
 * authorization URL with state, nonce and PKCE (S256), and the code exchange with the ID token's
 * checks. Every request goes through the egress guard with the partner's allow-list, so an issuer
 * can never make the server reach its own network, metadata or loopback services unless the
 * deployment allows it. Plain http is used only for an issuer on this machine.
 */
export class OidcClients {
  private readonly configurations = new Map<string, { readonly version: number; readonly fetchedAt: number; readonly configuration: Promise<oidc.Configuration> }>();

  constructor(
    private readonly http: TenantHttp,
    private readonly redirectUri: () => string,
  ) {}

  /** Where to send the browser to sign in at the partner's provider. */
  async authorizationUrl(connection: SsoConnection, checks: FlowChecks): Promise<string> {
    const configuration = await this.configuration(connection);
    return oidc
      .buildAuthorizationUrl(configuration, {
        redirect_uri: this.redirectUri(),
        scope: connection.scopes.join(' '),
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      })
      .toString();
  }

  /**
   * Exchanges the code of the provider's answer (`search`: the callback's query string) and
   * verifies it: state, issuer, the ID token's signature, audience, expiry and nonce, and PKCE.
   * Answers the ID token's claims completed by the userinfo endpoint (the ID token wins).
   */
  async claims(connection: SsoConnection, search: string, checks: FlowChecks): Promise<ProviderClaims> {
    const configuration = await this.configuration(connection);
    const callback = new URL(this.redirectUri());
    callback.search = search;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new DomainError('unauthenticated', 'SSO_FAILED', 'the identity provider sent no ID token');
      const userinfo = configuration.serverMetadata().userinfo_endpoint ? await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub) : {};
      return { ...userinfo, ...idToken };
    } catch (error) {
      throw providerError(error);
    }
  }

  private configuration(connection: SsoConnection): Promise<oidc.Configuration> {
    const cached = this.configurations.get(connection.partnerId);
    if (cached && cached.version === connection.updatedAt && Date.now() - cached.fetchedAt < METADATA_TTL_MS) return cached.configuration;
    const fetch = this.http.forTenant(connection.partnerId);
    const configuration = oidc
      .discovery(new URL(connection.issuer), connection.clientId, undefined, oidc.ClientSecretBasic(connection.clientSecret), {
        [oidc.customFetch]: (url, options) => fetch(url, { method: options.method, headers: options.headers, body: options.body, redirect: options.redirect, signal: options.signal }),
        execute: isLoopbackIssuer(new URL(connection.issuer)) ? [oidc.allowInsecureRequests] : [],
        timeout: PROVIDER_TIMEOUT_SECONDS,
      })
      .catch((error: unknown) => {
        this.configurations.delete(connection.partnerId);
        throw providerError(error);
      });
    this.configurations.set(connection.partnerId, { version: connection.updatedAt, fetchedAt: Date.now(), configuration });
    return configuration;
  }
}

/** A failure talking to the provider, in words: unreachable (502) or an answer that failed its checks (401). */
function providerError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const blocked = causes(error).find((cause): cause is NodeExecutionError => cause instanceof NodeExecutionError);
  if (blocked) return new DomainError('dependency-failed', 'SSO_UNREACHABLE', `the identity provider cannot be reached: ${blocked.message}`);
  if (error instanceof oidc.AuthorizationResponseError) {
    return new DomainError('unauthenticated', 'SSO_REFUSED', `the identity provider refused the sign-in: ${error.error_description ?? error.error}`);
  }
  if (error instanceof oidc.ResponseBodyError) {
    return new DomainError('unauthenticated', 'SSO_FAILED', `the identity provider refused the code: ${error.error_description ?? error.error}`);
  }
  if (error instanceof TypeError || (error instanceof Error && error.name === 'TimeoutError')) {
    return new DomainError('dependency-failed', 'SSO_UNREACHABLE', `the identity provider cannot be reached: ${error.message}`);
  }
  return new DomainError('unauthenticated', 'SSO_FAILED', `the identity provider's answer did not pass its checks: ${error instanceof Error ? error.message : String(error)}`);
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    chain.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return chain;
}
