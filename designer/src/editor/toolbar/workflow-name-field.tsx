import { useRef, useState } from 'react';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';
import type { EditorState } from '../store/editor-store.js';

const selectName = (state: EditorState) => state.meta.name;

/**
 * The workflow's name, edited in place. The rename is one edit (one undo step), made when the field
 * is left or Enter is pressed; Escape drops it.
 */
export function WorkflowNameField() {
  const store = useEditorStoreApi();
  const name = useEditorStore(selectName);
  const [draft, setDraft] = useState<string | null>(null);
  const dropDraft = useRef(false);

  const commit = () => {
    const next = draft?.trim();
    setDraft(null);
    if (dropDraft.current) {
      dropDraft.current = false;
      return;
    }
    if (next && next !== name) store.getState().setMeta({ name: next });
  };

  return (
    <input
      className="workflow-name"
      aria-label="Workflow name"
      value={draft ?? name}
      maxLength={200}
      onFocus={() => setDraft(name)}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') {
          dropDraft.current = true;
          event.currentTarget.blur();
        }
      }}
    />
  );
}
