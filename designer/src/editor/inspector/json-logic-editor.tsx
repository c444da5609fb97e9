import Editor, { type OnMount } from '@monaco-editor/react';
import type { editor, IDisposable } from 'monaco-editor';
import { useEffect, useMemo, useRef, useState } from 'react';
import { checkExpression } from '../../../../runtime/expressions/index.js';
import { COMPACT_EDITOR_OPTIONS } from '../../monaco/compact-options.js';
import { EDITOR_THEME } from '../../monaco/setup.js';
import { setPathMarkers } from '../json-view/monaco-markers.js';
import { compactJson } from '../model/compact-json.js';
import type { FieldDescriptor } from '../model/form-fields.js';
import { indexJson } from '../model/json-locate.js';
import { provideDataPaths } from './data-path-completion.js';
import { useEditorStoreApi } from '../store/editor-context.js';
import { dataPathsNow } from './data-path-source.js';
import { useFormContext } from './form-context.js';
import { useEditSession } from './use-edit-session.js';

/** What the editor checks as you type: JSON only, or JSON that must be an allowed json-logic rule. */
export type CodeLanguage = 'json' | 'jsonLogic';

const MIN_HEIGHT = 38;
const MAX_HEIGHT = 320;

const OPTIONS: editor.IStandaloneEditorConstructionOptions = {
  ...COMPACT_EDITOR_OPTIONS,
  glyphMargin: false,
  lineDecorationsWidth: 4,
  fontSize: 12,
  wordBasedSuggestions: 'off',
  quickSuggestions: { strings: 'on', other: 'on', comments: 'off' },
  scrollbar: { alwaysConsumeMouseWheel: false },
};

function textOf(value: unknown): string {
  return value === undefined ? '' : compactJson(value);
}

/** Whether the text says the same value (formatting aside), so the user's formatting is kept. */
function saysValue(text: string, value: unknown): boolean {
  if (text.trim() === '') return value === undefined;
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
  } catch {
    return false;
  }
}

/** Marks the `checkExpression` problems of a json-logic rule where they are in its text. */
function mark(model: editor.ITextModel, language: CodeLanguage, text: string, value: unknown): void {
  const problems = language === 'jsonLogic' && text.trim() !== '' ? checkExpression(value) : [];
  setPathMarkers(model, 'flowgate', indexJson(text), problems.map((problem) => ({ ...problem, severity: 'error' })));
}

/**
 * A field's value as JSON in Monaco (bundled, see monaco/setup.ts), checked as you type: syntax
 * errors are marked by Monaco's JSON support, and for json-logic every `checkExpression` problem
 * (disallowed operators, forbidden paths, budgets) is marked where it is. Data paths — `input.*`,
 * upstream `nodes.<id>.*`, `params.*`, `run.*`, from the last test run where there is one — are
 * offered for completion. Each edit that parses is written; one that does not is not, and says so.
 */
export default function JsonLogicEditor({ field, language, autoFocus = false }: { field: FieldDescriptor; language: CodeLanguage; autoFocus?: boolean }) {
  const { change, nodeId } = useFormContext();
  const store = useEditorStoreApi();
  const session = useEditSession();
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  const disposables = useRef<IDisposable[]>([]);
  const latest = useRef({ field, change, session });
  const [height, setHeight] = useState(MIN_HEIGHT);
  const [syntaxError, setSyntaxError] = useState<string | null>(null);
  const options = useMemo(() => ({ ...OPTIONS, ariaLabel: `${field.label} (${language === 'jsonLogic' ? 'json-logic' : 'JSON'})` }), [field.label, language]);
  const path = `flowgate://${language}/${encodeURIComponent(nodeId ?? 'form')}/${encodeURIComponent(field.id)}.json`;

  useEffect(() => {
    latest.current = { field, change, session };
  });

  // Shows the value when it changes elsewhere (builder, undo, JSON view), unless the user is typing here.
  useEffect(() => {
    const instance = editorRef.current;
    const model = instance?.getModel();
    if (!instance || !model || instance.hasTextFocus() || saysValue(model.getValue(), field.value)) return;
    const text = textOf(field.value);
    model.setValue(text);
    mark(model, language, text, field.value);
    setSyntaxError(null);
  }, [field.value, language]);

  useEffect(() => {
    const subscriptions = disposables.current;
    return () => {
      for (const disposable of subscriptions) disposable.dispose();
    };
  }, []);

  const onMount: OnMount = (instance) => {
    editorRef.current = instance;
    const model = instance.getModel();
    if (!model) return;
    // Monaco mounts asynchronously: the value may have changed since the first render.
    const { value } = latest.current.field;
    if (!saysValue(model.getValue(), value)) model.setValue(textOf(value));
    mark(model, language, model.getValue(), value);
    disposables.current.push(
      instance.onDidContentSizeChange((event) => setHeight(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, event.contentHeight)))),
      instance.onDidFocusEditorText(() => latest.current.session.onFocus()),
      instance.onDidBlurEditorText(() => latest.current.session.onBlur()),
    );
    if (language === 'jsonLogic' && nodeId !== null) disposables.current.push(provideDataPaths(model, () => dataPathsNow(store, nodeId)));
    if (autoFocus) instance.focus();
  };

  const onChange = (text: string | undefined) => {
    const model = editorRef.current?.getModel();
    const current = latest.current;
    if (!model || text === undefined) return;
    if (text.trim() === '') {
      setSyntaxError(null);
      mark(model, language, text, undefined);
      current.change(current.field.path, undefined);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      setSyntaxError(error instanceof Error ? error.message : String(error));
      return;
    }
    setSyntaxError(null);
    mark(model, language, text, value);
    if (JSON.stringify(value) !== JSON.stringify(current.field.value)) current.change(current.field.path, value);
  };

  return (
    // "nokey": React Flow otherwise takes Space (pan) from Monaco, whose EditContext input is neither an input nor a textarea.
    <div className={`code-field nokey${syntaxError ? ' invalid' : ''}`}>
      <Editor
        theme={EDITOR_THEME}
        height={height}
        defaultLanguage="json"
        path={path}
        defaultValue={textOf(field.value)}
        onMount={onMount}
        onChange={onChange}
        loading={<p className="code-loading">Loading editor…</p>}
        options={options}
      />
      {syntaxError ? <p className="field-message error">Not valid JSON yet, so not saved: {syntaxError}</p> : null}
    </div>
  );
}
