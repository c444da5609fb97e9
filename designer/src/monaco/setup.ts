import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
// Every editor feature (suggest, hover, code lens...), registered before the first editor exists:
// since monaco 0.56 the API entry point no longer includes them, and features registered later (when
// the JSON mode loads them lazily) fail with "depends on UNKNOWN service".
import 'monaco-editor/features/register.all';
import 'monaco-editor/language/json/monaco.contribution';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';

/**
 * Monaco is bundled with the app (never loaded from a CDN, which the Content-Security-Policy
 * forbids and which machines without internet cannot reach): its workers are built by Vite and
 * served from our origin, and @monaco-editor/react is pointed at this instance.
 */
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

loader.config({ monaco });

/**
 * The editors' theme: Monaco's light theme with numbers a shade darker and the diff's changed
 * lines and characters lighter, so every token keeps a 4.5:1 contrast on a changed line too.
 */
export const EDITOR_THEME = 'flowgate-light';
monaco.editor.defineTheme(EDITOR_THEME, {
  base: 'vs',
  inherit: true,
  rules: [{ token: 'number', foreground: '05603a' }],
  colors: {
    'diffEditor.insertedLineBackground': '#e6f4ea',
    'diffEditor.insertedTextBackground': '#c3e6cb',
    'diffEditor.removedLineBackground': '#fde8e8',
    'diffEditor.removedTextBackground': '#f5c2c7',
  },
});

export { monaco };
