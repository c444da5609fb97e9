import { OPERATION_METHODS, type ImportedOperation, type OperationParameter } from '../../nodes/connector.openapi/operation.js';
import { documentProblem } from './openapi-error.js';
import type { RefResolver } from './resolve-refs.js';
import { asObject } from './security-schemes.js';

/** Most operations one document may hold. */
export const MAX_OPERATIONS = 500;

type Path = (string | number)[];

/**
 * Every operation of the document's `paths`, in document order, with its parameters (path-level
 * ones merged under operation-level ones), its JSON request body, the schema of its first 2xx JSON
 * answer and the security schemes that authenticate it (its own `security`, else the document's).
 * Ids are the `operationId`, or `get_pets_petId` from the method and path when there is none,
 * made unique with `_2`, `_3` in document order, so re-importing the same document gives the same ids.
 */
export function extractOperations(document: Record<string, unknown>, resolver: RefResolver): ImportedOperation[] {
  const paths = document.paths;
  if (paths !== undefined && (typeof paths !== 'object' || paths === null || Array.isArray(paths))) {
    throw documentProblem(['paths'], '"paths" must be an object');
  }
  const documentSecurity = securityNames(document.security, ['security']);
  const operations: ImportedOperation[] = [];
  const used = new Set<string>();
  for (const [path, rawItem] of Object.entries(asObject(paths))) {
    if (!path.startsWith('/')) throw documentProblem(['paths', path], `the path "${path}" must start with "/"`);
    const item = asObject(resolver.resolve(rawItem, ['paths', path]));
    const shared = parameters(item.parameters, ['paths', path, 'parameters']);
    for (const key of Object.keys(item)) {
      const method = OPERATION_METHODS.find((known) => known.toLowerCase() === key);
      if (method === undefined) continue;
      const at: Path = ['paths', path, key];
      const raw = item[key];
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw documentProblem(at, 'an operation must be an object');
      const operation = raw as Record<string, unknown>;
      if (operations.length >= MAX_OPERATIONS) throw documentProblem(at, `the document has more than ${MAX_OPERATIONS} operations`);
      const own = parameters(operation.parameters, [...at, 'parameters']);
      const merged = [...shared.filter((one) => !own.some((other) => other.name === one.name && other.in === one.in)), ...own];
      checkPathParameters(path, merged, at);
      operations.push({
        id: uniqueId(operationId(operation, method, path, at), used),
        method,
        path,
        summary: text(operation.summary),
        description: text(operation.description),
        parameters: merged,
        body: requestBody(operation.requestBody, [...at, 'requestBody']),
        response: responseSchema(operation.responses),
        security: operation.security === undefined ? documentSecurity : securityNames(operation.security, [...at, 'security']),
      });
    }
  }
  return operations;
}

function operationId(operation: Record<string, unknown>, method: string, path: string, at: Path): string {
  if (operation.operationId !== undefined) {
    if (typeof operation.operationId !== 'string' || operation.operationId.trim() === '') throw documentProblem([...at, 'operationId'], 'an operationId must be a non-empty string');
    return operation.operationId.trim().slice(0, 200);
  }
  const fromPath = path.replace(/[{}]/g, '').split('/').filter((part) => part !== '').join('_').replace(/[^A-Za-z0-9_]+/g, '_');
  return `${method.toLowerCase()}_${fromPath || 'root'}`.slice(0, 200);
}

function uniqueId(id: string, used: Set<string>): string {
  let unique = id;
  for (let count = 2; used.has(unique); count++) unique = `${id}_${count}`;
  used.add(unique);
  return unique;
}

function parameters(raw: unknown, at: Path): OperationParameter[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw documentProblem(at, '"parameters" must be a list');
  const result: OperationParameter[] = [];
  raw.forEach((entry, index) => {
    const parameter = asObject(entry);
    const where = [...at, index];
    if (typeof parameter.name !== 'string' || parameter.name === '') throw documentProblem(where, 'a parameter needs a name');
    // Cookies are the browser's business; an API called from a workflow does not take them.
    if (parameter.in === 'cookie') return;
    if (parameter.in !== 'path' && parameter.in !== 'query' && parameter.in !== 'header') {
      throw documentProblem([...where, 'in'], `parameter "${parameter.name}" is in "${String(parameter.in)}"; path, query, header (or cookie, ignored) are allowed`);
    }
    const schema = parameter.schema ?? contentSchema(parameter.content) ?? {};
    result.push({
      name: parameter.name,
      in: parameter.in,
      required: parameter.in === 'path' || parameter.required === true,
      description: text(parameter.description),
      schema: typeof schema === 'boolean' ? schema : asObject(schema),
    });
  });
  return result;
}

function checkPathParameters(path: string, list: readonly OperationParameter[], at: Path): void {
  for (const match of path.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1] as string;
    if (!list.some((parameter) => parameter.in === 'path' && parameter.name === name)) {
      throw documentProblem([...at, 'parameters'], `the path has {${name}} but no path parameter named "${name}" is declared`);
    }
  }
}

function requestBody(raw: unknown, at: Path): ImportedOperation['body'] {
  if (raw === undefined) return null;
  const body = asObject(raw);
  const content = asObject(body.content);
  const json = jsonMedia(content);
  if (json === undefined) {
    const types = Object.keys(content);
    throw documentProblem([...at, 'content'], `only JSON request bodies are supported; this one is ${types.length > 0 ? types.join(', ') : 'without content'}`);
  }
  const schema = asObject(json).schema ?? {};
  return { required: body.required === true, schema: typeof schema === 'boolean' ? schema : asObject(schema) };
}

function responseSchema(raw: unknown): ImportedOperation['response'] {
  const responses = asObject(raw);
  const success = Object.keys(responses)
    .filter((status) => /^2(\d\d|XX)$/i.test(status))
    .sort()[0];
  if (success === undefined) return null;
  const json = jsonMedia(asObject(asObject(responses[success]).content));
  if (json === undefined) return null;
  const schema = asObject(json).schema;
  if (schema === undefined) return null;
  return typeof schema === 'boolean' ? schema : asObject(schema);
}

/** The media type object for JSON (`application/json`, `application/*+json`), if any. */
function jsonMedia(content: Record<string, unknown>): unknown {
  const type = Object.keys(content).find((name) => /^application\/([\w.-]+\+)?json(;.*)?$/i.test(name.trim()));
  return type === undefined ? undefined : content[type];
}

function contentSchema(content: unknown): unknown {
  const media = jsonMedia(asObject(content));
  return media === undefined ? undefined : asObject(media).schema;
}

function securityNames(raw: unknown, at: Path): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw documentProblem(at, '"security" must be a list');
  return [...new Set(raw.flatMap((entry) => Object.keys(asObject(entry))))];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 4000) : '';
}
