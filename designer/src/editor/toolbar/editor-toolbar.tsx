import { FlaskConical, Keyboard, Maximize, Network, Redo2, Undo2, ZoomIn, ZoomOut } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import { useViewport } from '../canvas/use-viewport.js';
import { SaveIndicator } from '../save/save-indicator.js';
import { useEditorStore, type EditorState } from '../store/editor-store.js';
import { redo, undo, useHistory } from '../store/history.js';
import { ToolbarButton } from './toolbar-button.js';
import { WorkflowNameField } from './workflow-name-field.js';

const selectChrome = (state: EditorState) => ({ helpOpen: state.helpOpen, panel: state.panel });

function openTestRun(): void {
  useEditorStore.getState().setPanel('test');
}

/**
 * The editor's toolbar: the workflow name, undo and redo, auto-layout and the viewport, the
 * shortcut list, the test run panel and the save state.
 */
export function EditorToolbar() {
  const { canUndo, canRedo } = useHistory();
  const { helpOpen, panel } = useEditorStore(useShallow(selectChrome));
  const viewport = useViewport();
  return (
    <div className="editor-toolbar">
      <WorkflowNameField />
      <span className="toolbar-divider" aria-hidden="true" />
      <ToolbarButton icon={Undo2} label="Undo" shortcut="Control+Z" onClick={undo} disabled={!canUndo} />
      <ToolbarButton icon={Redo2} label="Redo" shortcut="Control+Shift+Z" onClick={redo} disabled={!canRedo} />
      <span className="toolbar-divider" aria-hidden="true" />
      <ToolbarButton icon={Network} label="Auto-layout" shortcut="Shift+L" onClick={viewport.layout} />
      <ToolbarButton icon={Maximize} label="Fit view" shortcut="F" onClick={viewport.fitView} />
      <ToolbarButton icon={ZoomOut} label="Zoom out" shortcut="-" onClick={viewport.zoomOut} />
      <ToolbarButton icon={ZoomIn} label="Zoom in" shortcut="+" onClick={viewport.zoomIn} />
      <span className="toolbar-divider" aria-hidden="true" />
      <ToolbarButton icon={Keyboard} label="Keyboard shortcuts" shortcut="?" onClick={() => useEditorStore.getState().toggleHelp()} pressed={helpOpen} />
      <span className="spacer" />
      <button type="button" className={panel === 'test' ? 'button primary toolbar-test-run' : 'button toolbar-test-run'} onClick={openTestRun}>
        <FlaskConical size={16} aria-hidden="true" />
        Test run
      </button>
      <SaveIndicator />
    </div>
  );
}
