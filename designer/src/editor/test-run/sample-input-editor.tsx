import Editor from '@monaco-editor/react';
import { COMPACT_EDITOR_OPTIONS } from '../../monaco/compact-options.js';
import { EDITOR_THEME } from '../../monaco/setup.js';

/** Module-level: Monaco applies `options` again whenever the object changes, i.e. on every render if inline. */
const OPTIONS = { ...COMPACT_EDITOR_OPTIONS, ariaLabel: 'Sample input (JSON)', fontSize: 13 };

/**
 * The sample input as JSON in Monaco (bundled with the app; see monaco/setup.ts). Loaded lazily
 * with the test-run panel, so opening a workflow does not wait for the editor.
 */
export default function SampleInputEditor({ value, onChange, path }: { value: string; onChange: (value: string) => void; path: string }) {
  return (
    <Editor
      theme={EDITOR_THEME}
      height="150px"
      language="json"
      path={path}
      value={value}
      onChange={(next) => onChange(next ?? '')}
      loading={<p aria-busy="true">Loading editor…</p>}
      options={OPTIONS}
    />
  );
}
