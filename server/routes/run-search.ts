import { MAX_SEARCH_VALUE_CHARS, searchAttributeNameProblem } from '../../runtime/definition/index.js';
import type { SearchAttributeFilter } from '../../runtime/store/index.js';
import { invalid } from '../domain/domain-error.js';

/** Attributes one runs list may require at once. */
export const MAX_ATTRIBUTE_FILTERS = 5;

/** The prefix of a query parameter naming a search attribute: `attr.<name>=<value>`. */
const ATTRIBUTE_PREFIX = 'attr.';

/** A runs list's search: an exact business key and exact attribute values. */
export interface RunSearch {
  readonly businessKey?: string;
  readonly attributes?: readonly SearchAttributeFilter[];
}

/**
 * The search of a runs list's query string: `businessKey=<key>` and up to
 * {@link MAX_ATTRIBUTE_FILTERS} `attr.<name>=<value>`, each given once, values of 1 to 200
 * characters matched exactly. Anything else about them answers 422 naming the parameter.
 */
export function runSearch(query: Readonly<Record<string, unknown>>): RunSearch {
  const search: { businessKey?: string; attributes?: SearchAttributeFilter[] } = {};
  if (query.businessKey !== undefined) search.businessKey = searchValue(query.businessKey, 'businessKey');
  const names = Object.keys(query).filter((key) => key.startsWith(ATTRIBUTE_PREFIX));
  if (names.length > MAX_ATTRIBUTE_FILTERS) {
    throw invalid(`search by at most ${MAX_ATTRIBUTE_FILTERS} attributes at once`, [{ path: `query.${names[MAX_ATTRIBUTE_FILTERS] as string}`, message: 'one attribute too many' }]);
  }
  for (const key of names) {
    const name = key.slice(ATTRIBUTE_PREFIX.length);
    const problem = searchAttributeNameProblem(name);
    if (problem !== undefined) throw invalid(`query.${key}: ${problem}`, [{ path: `query.${key}`, message: problem }]);
    (search.attributes ??= []).push({ name, value: searchValue(query[key], key) });
  }
  return search;
}

/** One search value: given once, 1 to 200 characters. */
function searchValue(value: unknown, parameter: string): string {
  const path = `query.${parameter}`;
  if (typeof value !== 'string') throw invalid(`${path}: give it once`, [{ path, message: 'given more than once' }]);
  if (value.length === 0 || value.length > MAX_SEARCH_VALUE_CHARS) {
    const message = `must be 1 to ${MAX_SEARCH_VALUE_CHARS} characters`;
    throw invalid(`${path} ${message}`, [{ path, message }]);
  }
  return value;
}
