import { NodeExecutionError } from '../../runtime/definition/index.js';
import type { ImportedOperation } from './operation.js';

/** The URL, parameter headers and JSON body of one call, before authentication. */
export interface OperationRequest {
  readonly url: URL;
  readonly headers: Headers;
  readonly json: unknown;
}

/**
 * The request for an operation with the step's parameter and body values: path parameters
 * percent-encoded into the path (so a value cannot add a path segment or a query), query
 * parameters appended (a list as repeated names, the OpenAPI default `form`/`explode`), header
 * parameters set, and the body as the whole-body value or the fields given.
 */
export function buildRequest(
  baseUrl: string,
  operation: ImportedOperation,
  params: Readonly<Record<string, unknown>>,
  body: Readonly<Record<string, unknown>> | undefined,
  wholeBody: unknown,
): OperationRequest {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => encodeURIComponent(text(params[name], name)));
  const url = new URL(baseUrl.replace(/\/+$/, '') + path);
  const headers = new Headers();
  for (const parameter of operation.parameters) {
    const value = params[parameter.name];
    if (value === undefined || value === null || parameter.in === 'path') continue;
    if (parameter.in === 'query') {
      for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) url.searchParams.append(parameter.name, text(item, parameter.name));
      continue;
    }
    try {
      headers.set(parameter.name, Array.isArray(value) ? value.map((item) => text(item, parameter.name)).join(',') : text(value, parameter.name));
    } catch {
      throw new NodeExecutionError(`the header parameter "${parameter.name}" has a value HTTP does not allow (such as a line break)`, { code: 'CONFIG' });
    }
  }
  let json: unknown;
  if (operation.body !== null) {
    if (wholeBody !== undefined) json = wholeBody;
    else if (body !== undefined) json = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
  }
  return { url, headers, json };
}

/** A parameter value as text: strings as they are, numbers and booleans written out, anything else as JSON. */
function text(value: unknown, name: string): string {
  if (value === undefined || value === null) throw new NodeExecutionError(`the parameter "${name}" has no value`, { code: 'CONFIG' });
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
