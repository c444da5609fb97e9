import { DiffEditor } from '@monaco-editor/react';
import type { editor } from 'monaco-editor';
import { useMemo } from 'react';
import { EDITOR_THEME, monaco } from '../../monaco/setup.js';

/** Module-level: Monaco applies `options` again whenever the object changes. */
const OPTIONS: editor.IDiffEditorConstructionOptions = {
  readOnly: true,
  originalEditable: false,
  renderSideBySide: true,
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fixedOverflowWidgets: true,
};

/**
 * Names one side of the diff editor and keeps it named: Monaco's diff editor re-applies its options
 * to both sides whenever it switches between side by side and inline (as the window narrows or
 * widens) and on any options update, passing only what changed, which blanks each side's
 * `ariaLabel`; screen readers and tests would then find two unnamed text boxes.
 */
function keepName(side: editor.ICodeEditor, label: string): void {
  const name = () => {
    if (side.getOption(monaco.editor.EditorOption.ariaLabel) !== label) side.updateOptions({ ariaLabel: label });
  };
  name();
  side.onDidChangeConfiguration(name);
}

/**
 * The two JSON documents side by side in Monaco's diff editor (bundled with the app), read-only.
 * Each side has a model path of its own, named after the workflow and the side, so two comparisons
 * — or a comparison and the editor's JSON view — never share a model.
 */
export default function JsonDiff({
  original,
  modified,
  originalPath,
  modifiedPath,
  originalLabel,
  modifiedLabel,
}: {
  original: string;
  modified: string;
  originalPath: string;
  modifiedPath: string;
  originalLabel: string;
  modifiedLabel: string;
}) {
  const options = useMemo(() => ({ ...OPTIONS, originalAriaLabel: originalLabel, modifiedAriaLabel: modifiedLabel }), [originalLabel, modifiedLabel]);
  const nameSides = (diff: editor.IStandaloneDiffEditor) => {
    keepName(diff.getOriginalEditor(), originalLabel);
    keepName(diff.getModifiedEditor(), modifiedLabel);
  };
  return (
    <DiffEditor
      theme={EDITOR_THEME}
      height="100%"
      language="json"
      original={original}
      modified={modified}
      originalModelPath={originalPath}
      modifiedModelPath={modifiedPath}
      loading={<p aria-busy="true">Loading the JSON comparison…</p>}
      options={options}
      onMount={nameSides}
    />
  );
}
