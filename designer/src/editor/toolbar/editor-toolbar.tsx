import { ArrowLeft, FlaskConical, Keyboard, Lock, Maximize, Network, Redo2, Undo2, ZoomIn, ZoomOut } from 'lucide-react';
import { Link } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { useViewport } from '../canvas/use-viewport.js';
import { SaveIndicator } from '../save/save-indicator.js';
import { useEditorStore, useEditorStoreApi, useHistory } from '../store/editor-context.js';
import type { EditorState } from '../store/editor-store.js';
import { ToolbarButton } from './toolbar-button.js';
import { WorkflowNameField } from './workflow-name-field.js';
import { SubmitButton } from '../../versions/submit-dialog.js';

const selectChrome = (state: EditorState) => ({ helpOpen: state.helpOpen, panel: state.panel, name: state.meta.name });

/** What the toolbar offers besides the view: set by the page from the user's roles. */
export interface ToolbarAccess {
  /** Why the workflow is read-only ("your role (approver) cannot edit workflows"), or null when it is editable. */
  readonly readOnlyReason: string | null;
  /** Whether test runs are offered (editable, and the role may test-run). */
  readonly canTestRun: boolean;
  /** Whether Submit for approval is offered (editable, and the role may submit versions). */
  readonly canSubmit: boolean;
}

/** Undo, redo and auto-layout: only where the workflow can be edited. */
function EditButtons() {
  const { history } = useEditorStoreApi();
  const { canUndo, canRedo } = useHistory();
  const viewport = useViewport();
  return (
    <>
      <ToolbarButton icon={Undo2} label="Undo" shortcut="Control+Z" onClick={history.undo} disabled={!canUndo} />
      <ToolbarButton icon={Redo2} label="Redo" shortcut="Control+Shift+Z" onClick={history.redo} disabled={!canRedo} />
      <span className="toolbar-divider" aria-hidden="true" />
      <ToolbarButton icon={Network} label="Auto-layout" shortcut="Shift+L" onClick={viewport.layout} />
    </>
  );
}

/**
 * The editor's toolbar: the way back to the workflow list, the workflow name, undo and redo,
 * auto-layout and the viewport, the shortcut list, the test run panel and the save state. Read-only,
 * it keeps the view and says why nothing else is offered.
 */
export function EditorToolbar({ access }: { access: ToolbarAccess }) {
  const store = useEditorStoreApi();
  const { helpOpen, panel, name } = useEditorStore(useShallow(selectChrome));
  const viewport = useViewport();
  const readOnly = access.readOnlyReason !== null;
  return (
    <div className="editor-toolbar">
      <Link to=".." relative="path" className="button subtle back-link">
        <ArrowLeft size={16} aria-hidden="true" />
        All workflows
      </Link>
      {readOnly ? <h1 className="workflow-name read-only">{name}</h1> : <WorkflowNameField />}
      <span className="toolbar-divider" aria-hidden="true" />
      {readOnly ? null : <EditButtons />}
      <ToolbarButton icon={Maximize} label="Fit view" shortcut="F" onClick={viewport.fitView} />
      <ToolbarButton icon={ZoomOut} label="Zoom out" shortcut="-" onClick={viewport.zoomOut} />
      <ToolbarButton icon={ZoomIn} label="Zoom in" shortcut="+" onClick={viewport.zoomIn} />
      <span className="toolbar-divider" aria-hidden="true" />
      <ToolbarButton icon={Keyboard} label="Keyboard shortcuts" shortcut="?" onClick={() => store.getState().toggleHelp()} pressed={helpOpen} />
      <span className="spacer" />
      {readOnly ? (
        <p className="read-only-note" role="note">
          <Lock size={14} aria-hidden="true" />
          Read-only: {access.readOnlyReason}
        </p>
      ) : null}
      {access.canTestRun ? (
        <button type="button" className={panel === 'test' ? 'button primary toolbar-test-run' : 'button toolbar-test-run'} onClick={() => store.getState().setPanel('test')}>
          <FlaskConical size={16} aria-hidden="true" />
          Test run
        </button>
      ) : null}
      {access.canSubmit ? <SubmitButton /> : null}
      {readOnly ? null : <SaveIndicator />}
    </div>
  );
}
