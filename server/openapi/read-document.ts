import { parseDocument } from 'yaml';
import { documentProblem } from './openapi-error.js';

/** Largest document accepted: 2 MiB of text. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/**
 * The document's text as plain data: JSON when it starts with `{`, YAML otherwise (YAML 1.2 core
 * schema: no custom tags are resolved and nothing in the text is evaluated; aliases are capped so
 * a few lines cannot expand into gigabytes). Checks the OpenAPI version: 3.0.x and 3.1.x only.
 */
export function readDocument(text: string): Record<string, unknown> {
  if (Buffer.byteLength(text, 'utf8') > MAX_DOCUMENT_BYTES) {
    throw documentProblem([], `it is larger than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MiB`);
  }
  const data = text.trimStart().startsWith('{') ? readJsonOrYaml(text) : readYaml(text);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw documentProblem([], 'it is not an object');
  const document = data as Record<string, unknown>;
  if (typeof document.swagger === 'string') {
    throw documentProblem(['swagger'], `Swagger ${document.swagger} (OpenAPI 2.0) is not supported; convert it to OpenAPI 3 first (for example with swagger2openapi)`);
  }
  const version = document.openapi;
  if (typeof version !== 'string') throw documentProblem(['openapi'], 'the "openapi" field is missing; is this an OpenAPI 3 document?');
  if (!/^3\.[01]\.\d+$/.test(version)) throw documentProblem(['openapi'], `OpenAPI ${version} is not supported; 3.0.x and 3.1.x are`);
  return document;
}

/** JSON; a text that is not JSON may still be YAML in flow style, else the JSON error is the one to show. */
function readJsonOrYaml(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    try {
      return readYaml(text);
    } catch {
      throw documentProblem([], `it is not valid JSON: ${error instanceof Error ? error.message : 'unreadable'}`);
    }
  }
}

function readYaml(text: string): unknown {
  const document = parseDocument(text, { schema: 'core', customTags: [], uniqueKeys: true, prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    const line = error.linePos?.[0];
    throw documentProblem([], `it is not valid YAML${line ? ` (line ${line.line}, column ${line.col})` : ''}: ${error.message.split('\n')[0] ?? ''}`);
  }
  const unknownTag = document.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (unknownTag) throw documentProblem([], `it uses a YAML tag Flowgate does not read: ${unknownTag.message.split('\n')[0] ?? ''}`);
  try {
    return document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    throw documentProblem([], `its YAML cannot be read: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
}
