import { Suspense, useState } from 'react';
import type { FieldDescriptor } from '../model/form-fields.js';
import { LazyJsonLogicEditor } from './lazy-code-editor.js';

type CodeLanguage = 'json' | 'jsonLogic';

/** JSON as the preview shows it: compact for short values, indented beyond one line. */
function previewText(value: unknown): string {
  if (value === undefined) return '';
  const compact = JSON.stringify(value);
  return compact.length <= 60 ? compact : JSON.stringify(value, null, 2);
}

/**
 * A JSON or json-logic field that shows its value as light text and mounts Monaco only when the
 * user goes to edit it (click, or Enter/Space on the focused preview). Selecting a node with many
 * such fields — or dragging it — then costs no editor start-up; the editor, once open, stays open.
 */
export function DeferredCodeField({ field, language }: { field: FieldDescriptor; language: CodeLanguage }) {
  const [editing, setEditing] = useState(false);
  if (editing) {
    return (
      <Suspense fallback={<p className="code-loading">Loading editor…</p>}>
        <LazyJsonLogicEditor field={field} language={language} autoFocus />
      </Suspense>
    );
  }
  const text = previewText(field.value);
  // The name starts with what the button does and ends with what it shows, so it holds the visible text.
  return (
    <button type="button" className="code-preview" onClick={() => setEditing(true)}>
      <span className="sr-only">
        Edit {field.label} ({language === 'jsonLogic' ? 'json-logic' : 'JSON'}):{' '}
      </span>
      {text === '' ? <span className="muted">Empty — click to edit</span> : <code>{text}</code>}
    </button>
  );
}
