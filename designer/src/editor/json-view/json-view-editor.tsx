import Editor, { type OnMount } from '@monaco-editor/react';
import type { editor, IDisposable } from 'monaco-editor';
import { useEffect, useRef, useState } from 'react';
import { nodeCatalog } from '../../../../nodes/catalog.js';
import type { ValidationProblem } from '../../../../runtime/definition/index.js';
import { EDITOR_THEME } from '../../monaco/setup.js';
import { toDefinition } from '../model/flow-graph.js';
import { BLOCKING_CODES, decideJsonEdit } from '../model/json-edit.js';
import { indexJson, parseFormattedPath } from '../model/json-locate.js';
import { useProblems } from '../problems/use-problems.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';
import { setPathMarkers } from './monaco-markers.js';
import { definitionText, useDefinitionText } from './use-definition-text.js';
import { WORKFLOW_MODEL_URI, registerWorkflowSchema } from './workflow-schema.js';

registerWorkflowSchema();

/** Quiet time after the last keystroke before an edit is checked and applied. */
const APPLY_DELAY_MS = 600;

/** Where the text stands against the canvas. */
type SyncState =
  | { readonly kind: 'synced' }
  | { readonly kind: 'editing' }
  /** `against` is the canvas's text when the edit was refused, to tell whether the canvas changed since. */
  | { readonly kind: 'refused'; readonly reason: string; readonly against: string };

const OPTIONS: editor.IStandaloneEditorConstructionOptions = {
  minimap: { enabled: false },
  fontSize: 12,
  scrollBeyondLastLine: false,
  automaticLayout: true,
  tabSize: 2,
  folding: true,
  lineNumbersMinChars: 3,
  wordBasedSuggestions: 'off',
  lineDecorationsWidth: 6,
  wordWrap: 'off',
  fixedOverflowWidgets: true,
  ariaLabel: 'Workflow definition (JSON)',
};

/** The same, for reading only (a role that may not edit the workflow). */
const READ_ONLY_OPTIONS: editor.IStandaloneEditorConstructionOptions = { ...OPTIONS, readOnly: true, domReadOnly: true };

/**
 * Marks the validator's problems in the text. Format problems (`schema`) are left to Monaco's
 * JSON Schema validation of the same format, which marks them already; the rest are errors when
 * they keep an edit from applying and warnings otherwise.
 */
function markProblems(model: editor.ITextModel, problems: readonly { path: ValidationProblem['path']; code: string; message: string }[]): void {
  const shown = problems.filter((problem) => problem.code !== 'schema');
  setPathMarkers(
    model,
    'flowgate',
    indexJson(model.getValue()),
    shown.map((problem) => ({ path: problem.path, message: problem.message, severity: BLOCKING_CODES.has(problem.code as ValidationProblem['code']) ? 'error' : 'warning' })),
  );
}

/**
 * The whole definition as JSON in Monaco, with the workflow JSON Schema for validation and
 * completion, in sync with the canvas both ways: canvas edits replace the text while it is not
 * being edited; an edit in the text is applied with `store.replaceAll` (one undoable edit) once
 * typing stops, if it parses and the validator finds nothing that would break the canvas (see
 * `decideJsonEdit`); otherwise it is marked, the reason shown, and nothing is applied.
 */
export default function JsonViewEditor() {
  const store = useEditorStoreApi();
  const readOnly = useEditorStore((state) => state.readOnly);
  const storeText = useDefinitionText();
  const problems = useProblems();
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  const disposables = useRef<IDisposable[]>([]);
  const shown = useRef(storeText);
  const latestStoreText = useRef(storeText);
  const syncing = useRef(false);
  /** The text typed and not yet checked (kept apart from Monaco, whose model is gone once the view unmounts). */
  const typed = useRef<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const [focused, setFocused] = useState(false);
  const [sync, setSync] = useState<SyncState>({ kind: 'synced' });

  /** Checks the typed text now and applies it or says why not. */
  const evaluate = useRef(() => {
    window.clearTimeout(timer.current);
    const text = typed.current;
    typed.current = null;
    if (text === null) return;
    const state = store.getState();
    const current = toDefinition(state.meta, state.nodes, state.edges);
    const decision = decideJsonEdit(text, JSON.stringify(current), nodeCatalog);
    const model = editorRef.current?.getModel();
    if (model && !model.isDisposed()) markProblems(model, decision.problems);
    if (decision.kind === 'refuse') {
      setSync({ kind: 'refused', reason: decision.reason, against: JSON.stringify(current, null, 2) });
      return;
    }
    if (decision.kind === 'apply') state.replaceAll(decision.definition);
    shown.current = definitionText(store.getState());
    setSync({ kind: 'synced' });
  });

  useEffect(() => {
    latestStoreText.current = storeText;
  });

  // Canvas → text: while the text is neither focused nor holding an edit not yet applied.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || storeText === shown.current || focused || sync.kind !== 'synced') return;
    syncing.current = true;
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: storeText }], () => null);
    syncing.current = false;
    shown.current = storeText;
  }, [storeText, focused, sync]);

  // The canvas's problems, marked while the text says what the canvas shows.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model || sync.kind !== 'synced' || shown.current !== storeText) return;
    markProblems(
      model,
      problems.map((problem) => ({ ...problem, path: parseFormattedPath(problem.path) })),
    );
  }, [problems, storeText, sync]);

  useEffect(() => {
    const apply = evaluate.current;
    const subscriptions = disposables.current;
    return () => {
      for (const disposable of subscriptions) disposable.dispose();
      apply();
    };
  }, []);

  const onMount: OnMount = (instance) => {
    editorRef.current = instance;
    // Monaco mounts asynchronously: the canvas may have changed since the first render.
    const model = instance.getModel();
    if (model && model.getValue() !== latestStoreText.current) model.setValue(latestStoreText.current);
    shown.current = latestStoreText.current;
    disposables.current.push(
      instance.onDidFocusEditorText(() => setFocused(true)),
      instance.onDidBlurEditorText(() => {
        evaluate.current();
        setFocused(false);
      }),
    );
  };

  const onChange = (text: string | undefined) => {
    if (syncing.current || text === undefined) return;
    typed.current = text;
    setSync({ kind: 'editing' });
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => evaluate.current(), APPLY_DELAY_MS);
  };

  const discard = () => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    window.clearTimeout(timer.current);
    typed.current = null;
    syncing.current = true;
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: storeText }], () => null);
    syncing.current = false;
    shown.current = storeText;
    setSync({ kind: 'synced' });
  };

  return (
    <div className="json-view">
      {readOnly ? (
        <p className="json-view-status" role="status">
          Read-only: the workflow&apos;s definition as saved.
        </p>
      ) : (
        <JsonViewStatus sync={sync} canvasChanged={sync.kind === 'refused' && storeText !== sync.against} onDiscard={discard} />
      )}
      {/* "nokey": React Flow otherwise takes Space (pan) from Monaco, whose EditContext input is neither an input nor a textarea. */}
      <div className="json-view-editor nokey">
        <Editor
          theme={EDITOR_THEME}
          height="100%"
          defaultLanguage="json"
          path={WORKFLOW_MODEL_URI}
          defaultValue={storeText}
          onMount={onMount}
          onChange={onChange}
          loading={<p className="code-loading">Loading editor…</p>}
          options={readOnly ? READ_ONLY_OPTIONS : OPTIONS}
        />
      </div>
    </div>
  );
}

/** The line above the editor: in sync, editing, or why the edit is not applied (with a way back to the canvas's version). */
function JsonViewStatus({ sync, canvasChanged, onDiscard }: { sync: SyncState; canvasChanged: boolean; onDiscard: () => void }) {
  if (sync.kind === 'refused') {
    return (
      <div className="json-view-status refused" role="alert">
        <p>{sync.reason}</p>
        {canvasChanged ? <p>The canvas has changed since; your edit is kept here until you fix or discard it.</p> : null}
        <button type="button" className="button small" onClick={onDiscard}>
          Discard my edit
        </button>
      </div>
    );
  }
  return (
    <p className="json-view-status" role="status">
      {sync.kind === 'editing' ? 'Editing… applied to the canvas when you stop typing.' : 'In sync with the canvas. Valid edits apply when you stop typing; Ctrl/⌘+Space completes.'}
    </p>
  );
}
