import type { ImportedOperation, SecurityRequirement } from '../../nodes/connector.openapi/operation.js';
import { httpUrlProblem } from '../../nodes/connector.http/spec.js';
import { invalid } from '../domain/domain-error.js';
import { extractOperations } from './extract-operations.js';
import { documentProblem } from './openapi-error.js';
import { readDocument } from './read-document.js';
import { RefResolver } from './resolve-refs.js';
import { asObject, securitySchemes } from './security-schemes.js';

/** What Flowgate keeps of an OpenAPI document: enough to draw forms and make calls, nothing to run. */
export interface ParsedDocument {
  /** `openapi` of the document, e.g. 3.0.3. */
  readonly openapi: string;
  readonly title: string;
  readonly documentVersion: string;
  readonly baseUrl: string;
  readonly operations: ImportedOperation[];
  readonly securitySchemes: SecurityRequirement[];
}

/**
 * Reads an OpenAPI 3.0 or 3.1 document (JSON or YAML text) into its operations, base URL and
 * security schemes. `baseUrl`, when given, replaces the document's `servers[0]` (a partner's own
 * host for a document written for another). Throws a 422 naming the place in the document for
 * anything malformed or unsupported; nothing from the document is evaluated or fetched.
 */
export function importDocument(text: string, baseUrlOverride?: string): ParsedDocument {
  const document = readDocument(text);
  const resolver = new RefResolver(document);
  const info = asObject(document.info);
  const operations = extractOperations(document, resolver);
  if (operations.length === 0) throw documentProblem(['paths'], 'the document has no operations');
  const schemes = securitySchemes(document, resolver);
  for (const operation of operations) {
    const unknown = operation.security.find((name) => !schemes.some((scheme) => scheme.scheme === name));
    if (unknown !== undefined) throw documentProblem(['components', 'securitySchemes'], `operation "${operation.id}" requires the security scheme "${unknown}", which is not declared`);
  }
  return {
    openapi: document.openapi as string,
    title: typeof info.title === 'string' ? info.title.slice(0, 200) : '',
    documentVersion: typeof info.version === 'string' ? info.version.slice(0, 100) : '',
    baseUrl: baseUrl(document, baseUrlOverride),
    operations,
    securitySchemes: schemes,
  };
}

/** The override, else `servers[0].url` with its variables at their defaults; absolute http(s) either way. */
function baseUrl(document: Record<string, unknown>, override: string | undefined): string {
  if (override !== undefined && override !== '') {
    const problem = httpUrlProblem(override);
    if (problem !== undefined) throw invalid(`the base URL ${problem}`, [{ path: 'baseUrl', message: `the base URL ${problem}` }]);
    return override.replace(/\/+$/, '');
  }
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const first = asObject(servers[0]);
  if (typeof first.url !== 'string') {
    throw documentProblem(['servers'], 'the document names no server; give the API\'s address as the base URL');
  }
  const variables = asObject(first.variables);
  const url = first.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const fallback = asObject(variables[name]).default;
    return typeof fallback === 'string' ? fallback : whole;
  });
  const problem = httpUrlProblem(url);
  if (problem !== undefined) {
    throw documentProblem(['servers', 0, 'url'], `the server URL "${url}" ${problem}; give the API's absolute address as the base URL`);
  }
  return url.replace(/\/+$/, '');
}
