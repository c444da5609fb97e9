import type { ResolvedOperation, SecurityRequirement } from './operation.js';

/**
 * Why a credential (its fields as the store hands them: bearer, basic, header or query) cannot
 * authenticate the operation, or undefined when it can. An operation without security takes any.
 * OAuth2 client-credentials credentials reach nodes as bearer tokens.
 */
export function credentialMismatch(resolved: ResolvedOperation, fields: Readonly<Record<string, string>>): string | undefined {
  const schemes = resolved.operation.security
    .map((name) => resolved.securitySchemes.find((scheme) => scheme.scheme === name))
    .filter((scheme): scheme is SecurityRequirement => scheme !== undefined && scheme.credentialType !== 'unsupported');
  if (resolved.operation.security.length === 0 || schemes.some((scheme) => fits(scheme, fields))) return undefined;
  if (schemes.length === 0) return 'cannot be used: the operation asks for a security scheme Flowgate does not support';
  return `is of type ${fields.type ?? 'unknown'}${fields.name ? ` (${fields.name})` : ''}; the operation asks for ${schemes.map(wanted).join(' or ')}`;
}

function fits(scheme: SecurityRequirement, fields: Readonly<Record<string, string>>): boolean {
  switch (scheme.credentialType) {
    case 'apiKey':
      return fields.type === scheme.in && (scheme.in === 'header' ? fields.name?.toLowerCase() === scheme.name.toLowerCase() : fields.name === scheme.name);
    case 'basic':
      return fields.type === 'basic';
    case 'bearer':
    case 'oauth2ClientCredentials':
      return fields.type === 'bearer';
    case 'unsupported':
      return false;
  }
}

function wanted(scheme: SecurityRequirement): string {
  switch (scheme.credentialType) {
    case 'apiKey':
      return `an API key in the ${scheme.in} "${scheme.name}"`;
    case 'oauth2ClientCredentials':
      return 'an OAuth2 client-credentials credential';
    default:
      return `a ${scheme.credentialType} credential`;
  }
}
