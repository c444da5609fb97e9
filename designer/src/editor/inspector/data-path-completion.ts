import type { editor, IDisposable, languages, Position } from 'monaco-editor';
import { ALLOWED_OPERATORS } from '../../../../runtime/expressions/index.js';
import { monaco } from '../../monaco/setup.js';
import type { PathCandidate } from '../model/data-paths.js';

/** Where each json-logic editor's candidates come from, by model URI; other JSON models get none. */
const sources = new Map<string, () => readonly PathCandidate[]>();
let registered = false;

/**
 * Offers data paths (and json-logic operators) as completions in a json-logic editor's model.
 * Monaco's completion providers are per language, so one provider serves every json-logic editor
 * and looks the model up here. Dispose when the editor goes.
 */
export function provideDataPaths(model: editor.ITextModel, source: () => readonly PathCandidate[]): IDisposable {
  if (!registered) {
    registered = true;
    monaco.languages.registerCompletionItemProvider('json', { triggerCharacters: ['"', '.'], provideCompletionItems });
  }
  const key = model.uri.toString();
  sources.set(key, source);
  return {
    dispose: () => {
      if (sources.get(key) === source) sources.delete(key);
    },
  };
}

function provideCompletionItems(model: editor.ITextModel, position: Position): languages.CompletionList {
  const source = sources.get(model.uri.toString());
  const line = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
  const quote = openQuote(line);
  if (!source || quote < 0) return { suggestions: [] };
  const range = new monaco.Range(position.lineNumber, quote + 2, position.lineNumber, position.column);
  const before = model.getValueInRange(new monaco.Range(1, 1, position.lineNumber, quote + 1)).trimEnd();
  if (before.endsWith('{')) {
    // A property name: json-logic's only property names are operators.
    return {
      suggestions: [...ALLOWED_OPERATORS].map((operator) => ({ label: operator, kind: monaco.languages.CompletionItemKind.Operator, detail: 'json-logic operator', insertText: operator, range })),
    };
  }
  return {
    suggestions: source().map((candidate, order) => ({
      label: candidate.path,
      kind: monaco.languages.CompletionItemKind.Variable,
      detail: candidate.detail,
      ...(candidate.sample !== undefined ? { documentation: `e.g. ${candidate.sample}` } : {}),
      insertText: candidate.path,
      sortText: String(order).padStart(5, '0'),
      range,
    })),
  };
}

/** The index of the quote that opens the string the line ends inside, or -1 when it ends outside a string. */
function openQuote(line: string): number {
  let open = -1;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (open >= 0 && char === '\\') index++;
    else if (char === '"') open = open >= 0 ? -1 : index;
  }
  return open;
}
