import type { editor } from 'monaco-editor';

/** Options of the small embedded editors (inspector code fields, sample input): no chrome, wrapped, sized by their box. */
export const COMPACT_EDITOR_OPTIONS: editor.IStandaloneEditorConstructionOptions = {
  minimap: { enabled: false },
  lineNumbers: 'off',
  folding: false,
  scrollBeyondLastLine: false,
  automaticLayout: true,
  wordWrap: 'on',
  tabSize: 2,
  renderLineHighlight: 'none',
  overviewRulerLanes: 0,
  fixedOverflowWidgets: true,
};
