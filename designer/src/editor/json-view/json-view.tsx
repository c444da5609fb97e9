import { lazy, Suspense } from 'react';
import './json-view.css';

/** Monaco loads when the JSON view first opens, not with the editor page. */
const JsonViewEditor = lazy(() => import('./json-view-editor.js'));

/** The JSON view: the whole definition in Monaco, in sync with the canvas both ways (see `JsonViewEditor`). */
export function JsonView() {
  return (
    <Suspense fallback={<p className="code-loading">Loading editor…</p>}>
      <JsonViewEditor />
    </Suspense>
  );
}
