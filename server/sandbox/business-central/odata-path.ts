import { SandboxError } from '../sandbox-error.js';
import { isGuid } from './bc-values.js';
import { CUSTOM_API, STANDARD_API } from './entities.js';

/** One segment of an OData resource path: `items` or `items(<guid>)`. */
export interface PathSegment {
  readonly name: string;
  readonly key?: string;
}

/** A resource path under `/api/`: which API, and its segments. */
export interface ResourcePath {
  readonly api: string;
  readonly segments: readonly PathSegment[];
}

function notFound(path: string): SandboxError {
  return new SandboxError(404, `No HTTP resource was found that matches the request URI '${path}'.`, undefined, 'BadRequest_NotFound');
}

/** Parses `v2.0/companies(<id>)/salesOrders(<id>)/salesOrderLines` (keys are GUIDs, unquoted). */
export function parseResourcePath(rest: string): ResourcePath {
  const api = [STANDARD_API, CUSTOM_API].find((candidate) => rest === candidate || rest.startsWith(`${candidate}/`));
  if (!api) throw notFound(rest);
  const segments = rest
    .slice(api.length + 1)
    .split('/')
    .map((text): PathSegment => {
      const match = /^([A-Za-z]+)(?:\(([^)]*)\))?$/.exec(text);
      if (!match) throw notFound(rest);
      const key = match[2];
      if (key !== undefined && !isGuid(key)) throw new SandboxError(400, `Bad Request - Error in query syntax: '${key}' is not a valid key of '${match[1] as string}'; keys are GUIDs, written without quotes.`, undefined, 'BadRequest');
      return { name: match[1] as string, key: key?.toLowerCase() };
    });
  if (segments.length === 0 || segments.length > 4 || segments.some((segment, index) => index < segments.length - 1 && segment.key === undefined)) throw notFound(rest);
  return { api, segments };
}
