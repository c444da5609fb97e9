import { DiffEditor } from '@monaco-editor/react';
import type { editor } from 'monaco-editor';
import { useMemo } from 'react';
import { EDITOR_THEME } from '../../monaco/setup.js';

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
  // Monaco's diff editor drops the sides' aria labels on any later options update (it passes only
  // the changed options down), so each side is named directly once mounted.
  const nameSides = (diff: editor.IStandaloneDiffEditor) => {
    diff.getOriginalEditor().updateOptions({ ariaLabel: originalLabel });
    diff.getModifiedEditor().updateOptions({ ariaLabel: modifiedLabel });
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
