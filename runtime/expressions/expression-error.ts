/** A path inside a rule or a data value: object keys and array indexes. */
export type ExpressionPath = readonly (string | number)[];

/** A rule that is not allowed, or an evaluation that failed or ran over its budget. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';

  /** Where in the rule (or the data) the problem is, when known. */
  readonly path: ExpressionPath;

  constructor(message: string, path: ExpressionPath = []) {
    super(message);
    this.path = path;
  }
}

/** Longest path spelled out in full in a message; longer ones keep their two ends. */
const MAX_SHOWN_SEGMENTS = 12;

/** The text of a path for messages: `a.b[2]`, or `(root)`; very long paths are shortened. */
export function describePath(path: ExpressionPath): string {
  if (path.length > MAX_SHOWN_SEGMENTS) {
    const half = MAX_SHOWN_SEGMENTS / 2;
    return `${describePath(path.slice(0, half))}…${describePath(path.slice(-half))}`;
  }
  let text = '';
  for (const segment of path) {
    text += typeof segment === 'number' ? `[${segment}]` : text === '' ? segment : `.${segment}`;
  }
  return text === '' ? '(root)' : text;
}
