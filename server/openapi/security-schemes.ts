import type { SecurityRequirement } from '../../nodes/connector.openapi/operation.js';
import type { RefResolver } from './resolve-refs.js';

/**
 * The document's security schemes mapped to Flowgate's credential types: apiKey in a header or
 * the query → `apiKey`; http basic → `basic`; http bearer → `bearer`; OAuth2 with a
 * client-credentials flow → `oauth2ClientCredentials` (token URL and scopes). Anything else
 * (cookies, OpenID Connect, other OAuth2 flows, other http schemes) is kept as `unsupported`, with
 * why, so the connector imports and the screen can say which operations need a scheme Flowgate lacks.
 */
export function securitySchemes(document: Record<string, unknown>, resolver: RefResolver): SecurityRequirement[] {
  const components = asObject(document.components);
  const schemes = asObject(components.securitySchemes);
  return Object.keys(schemes).map((scheme) => {
    const raw = asObject(resolver.resolve(schemes[scheme], ['components', 'securitySchemes', scheme]));
    return requirement(scheme, raw);
  });
}

function requirement(scheme: string, raw: Record<string, unknown>): SecurityRequirement {
  const type = typeof raw.type === 'string' ? raw.type : '';
  if (type === 'apiKey') {
    const name = typeof raw.name === 'string' ? raw.name : '';
    if (name === '') return { scheme, credentialType: 'unsupported', reason: 'an API key scheme without a name' };
    if (raw.in === 'header' || raw.in === 'query') return { scheme, credentialType: 'apiKey', in: raw.in, name };
    return { scheme, credentialType: 'unsupported', reason: `an API key in ${String(raw.in)} (only header and query keys are supported)` };
  }
  if (type === 'http') {
    const httpScheme = typeof raw.scheme === 'string' ? raw.scheme.toLowerCase() : '';
    if (httpScheme === 'basic') return { scheme, credentialType: 'basic' };
    if (httpScheme === 'bearer') return { scheme, credentialType: 'bearer' };
    return { scheme, credentialType: 'unsupported', reason: `HTTP ${httpScheme || 'unnamed'} authentication (basic and bearer are supported)` };
  }
  if (type === 'oauth2') {
    const clientCredentials = asObject(asObject(raw.flows).clientCredentials);
    if (typeof clientCredentials.tokenUrl === 'string' && clientCredentials.tokenUrl !== '') {
      return { scheme, credentialType: 'oauth2ClientCredentials', tokenUrl: clientCredentials.tokenUrl, scopes: Object.keys(asObject(clientCredentials.scopes)) };
    }
    return { scheme, credentialType: 'unsupported', reason: 'OAuth2 without a client-credentials flow (a workflow has no user to sign in)' };
  }
  return { scheme, credentialType: 'unsupported', reason: `${type || 'an untyped'} scheme (API key, basic, bearer and OAuth2 client credentials are supported)` };
}

/** The value when it is a plain object, else an empty one. */
export function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
