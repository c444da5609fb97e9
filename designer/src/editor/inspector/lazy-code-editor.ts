import { lazy } from 'react';

/** The Monaco field editor, loaded with the first field that needs it rather than with the editor page. */
export const LazyJsonLogicEditor = lazy(() => import('./json-logic-editor.js'));
