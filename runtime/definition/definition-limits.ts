import { MAX_DATA_DEPTH, checkJsonLimits, describePath, type JsonLimits } from '../expressions/index.js';
import type { ValidationProblem } from './problem.js';

/**
 * How large a workflow document may be: as deep as any data (100 levels of arrays and objects),
 * no array longer than an expression may build (100,000 items), at most 5 MiB of JSON. Far above
 * any real workflow (a 1,000-node definition is about 0.3 MB), low enough that every part of the
 * product can copy, hash, diff and render a document without running out of stack or memory.
 */
export const DEFINITION_LIMITS: JsonLimits = Object.freeze({
  maxDepth: MAX_DATA_DEPTH,
  maxArrayLength: 100_000,
  maxBytes: 5 * 1024 * 1024,
});

/**
 * The first limit of {@link DEFINITION_LIMITS} a document breaks, as a `schema` problem at its
 * path; undefined when it is within them. Checked without recursion, before anything else walks
 * the document, so the validator, the server (before it stores a draft) and the designer all
 * answer any document instead of overflowing the stack.
 */
export function definitionLimitProblem(document: unknown): ValidationProblem | undefined {
  const breach = checkJsonLimits(document, DEFINITION_LIMITS);
  if (!breach) return undefined;
  const where = breach.path.length === 0 ? '' : ` at ${describePath(breach.path)}`;
  return { code: 'schema', path: breach.path, message: `the definition is over its limits${where}: ${breach.message}` };
}
