import { invalid, type DomainError } from '../domain/domain-error.js';

/** A JSON pointer to a place in the document, e.g. `#/paths/~1pets/get`. */
export function pointer(path: readonly (string | number)[]): string {
  return `#/${path.map((segment) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** The 422 for a document that cannot be imported, naming the place in the document at fault. */
export function documentProblem(path: readonly (string | number)[], message: string): DomainError {
  const where = pointer(path);
  return invalid(`the OpenAPI document cannot be imported: ${message} (at ${where})`, [{ path: `document ${where}`, message }]);
}
