import type { editor } from 'monaco-editor';
import { formatPath, type PathSegment } from '../../../../runtime/definition/index.js';
import { monaco } from '../../monaco/setup.js';
import type { JsonIndex, JsonRange } from '../model/json-locate.js';

/** A problem at a path inside the JSON being edited. */
export interface PathProblem {
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** Most markers set at once; past that they only slow the editor down. */
const MAX_MARKERS = 200;

/**
 * Marks problems where they are in the text (via the JSON index of the text): a short value is
 * underlined itself, a long one (a whole node) by its property name, and a missing field at the
 * object that lacks it, with the path in the message.
 */
export function setPathMarkers(model: editor.ITextModel, owner: string, index: JsonIndex | undefined, problems: readonly PathProblem[]): void {
  const markers = problems.slice(0, MAX_MARKERS).map((problem): editor.IMarkerData => {
    const location = index?.locate(problem.path);
    let range: JsonRange = { start: 0, end: 1 };
    if (location) {
      const short = location.exact && !spansLines(model, location.value);
      range = short ? location.value : (location.key ?? { start: location.value.start, end: location.value.start + 1 });
    }
    const start = model.getPositionAt(range.start);
    const end = model.getPositionAt(range.end);
    return {
      severity: problem.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      message: location?.exact === false || !location ? `${formatPath(problem.path)}: ${problem.message}` : problem.message,
      startLineNumber: start.lineNumber,
      startColumn: start.column,
      endLineNumber: end.lineNumber,
      endColumn: end.column,
    };
  });
  monaco.editor.setModelMarkers(model, owner, markers);
}

function spansLines(model: editor.ITextModel, range: JsonRange): boolean {
  return model.getPositionAt(range.start).lineNumber !== model.getPositionAt(range.end).lineNumber;
}
