/** One step of a JSON path: an object key or an array index. */
export type PathSegment = string | number;

/** What kind of problem the validator found; the designer groups and links problems by it. */
export type ProblemCode =
  | 'schema'
  | 'duplicate-id'
  | 'unknown-node-type'
  | 'config'
  | 'dangling-edge'
  | 'unknown-port'
  | 'duplicate-edge'
  | 'cycle'
  | 'no-trigger'
  | 'unreachable'
  | 'expression';

/** A problem in a workflow definition, located by JSON path and, where it has one, by node or edge id. */
export interface ValidationProblem {
  readonly code: ProblemCode;
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly nodeId?: string;
  readonly edgeId?: string;
}

const plainKey = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Formats a path the way people read it: `nodes[2].config.rule`; the root is `$`. */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (plainKey.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '$' : text;
}
