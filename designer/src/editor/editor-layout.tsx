import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { WorkflowDetail } from '../app/api-types.js';
import { ReadOnlyFlow } from '../shared/canvas/read-only-flow.js';
import { FlowCanvas } from './canvas/flow-canvas.js';
import { HelpOverlay } from './help/help-overlay.js';
import { Inspector } from './inspector/inspector.js';
import { JsonView } from './json-view/json-view.js';
import { Palette } from './palette/palette.js';
import { ProblemsPanel } from './problems/problems-panel.js';
import { ProblemsTabLabel } from './problems/problems-tab-label.js';
import { ConflictDialog } from './save/conflict-dialog.js';
import { useDraftSaver } from './save/draft-saver-context.js';
import { LeaveGuard } from './save/leave-guard.js';
import { useAutosave } from './save/use-autosave.js';
import { useEditorStore } from './store/editor-context.js';
import type { Panel } from './store/ui-slice.js';
import { TestRunPanel } from './test-run/test-run-panel.js';
import { useTestRunPolling } from './test-run/use-test-run.js';
import { EditorToolbar, type ToolbarAccess } from './toolbar/editor-toolbar.js';
import { VersionBar } from '../versions/version-bar.js';
import { VersionsPanel, type DraftControl } from '../versions/versions-panel.js';

const PANELS: readonly { id: Panel; label: string }[] = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'json', label: 'JSON' },
  { id: 'problems', label: 'Problems' },
  { id: 'test', label: 'Test run' },
  { id: 'versions', label: 'Versions' },
];

/** The side panel's tabs: the test run only where test runs are offered; `draft` lets the versions panel restore into the draft. */
function SidePanel({ canTestRun, draft }: { canTestRun: boolean; draft?: DraftControl }) {
  const { panel, setPanel } = useEditorStore(useShallow((state) => ({ panel: state.panel, setPanel: state.setPanel })));
  const shown = PANELS.filter((entry) => entry.id !== 'test' || canTestRun);
  const current = shown.some((entry) => entry.id === panel) ? panel : 'inspector';
  return (
    <aside className="side-panel" aria-label="Side panel">
      <div role="tablist" className="tabs">
        {shown.map((entry) => (
          <button
            key={entry.id}
            id={`editor-tab-${entry.id}`}
            type="button"
            role="tab"
            aria-selected={current === entry.id}
            aria-controls="editor-tabpanel"
            className={current === entry.id ? 'tab active' : 'tab'}
            onClick={() => setPanel(entry.id)}
          >
            {entry.id === 'problems' ? <ProblemsTabLabel /> : entry.label}
          </button>
        ))}
      </div>
      {/* Focusable, so it scrolls by keyboard even when nothing in it takes focus (a read-only inspector). */}
      <div role="tabpanel" id="editor-tabpanel" aria-labelledby={`editor-tab-${current}`} className="panel-body" tabIndex={0}>
        {current === 'inspector' ? <Inspector /> : null}
        {current === 'json' ? <JsonView /> : null}
        {current === 'problems' ? <ProblemsPanel /> : null}
        {current === 'test' ? <TestRunPanel /> : null}
        {current === 'versions' ? <VersionsPanel draft={draft} /> : null}
      </div>
    </aside>
  );
}

/** The editor's frame: toolbar and version bar; palette (when editable), canvas and side panel; the shortcut list. */
function EditorFrame({
  access,
  palette,
  canvas,
  draft,
  children,
}: {
  access: ToolbarAccess;
  palette: ReactNode;
  canvas: ReactNode;
  draft?: DraftControl;
  children?: ReactNode;
}) {
  return (
    <section className="editor" aria-label="Workflow editor">
      <EditorToolbar access={access} />
      <VersionBar />
      <div className="editor-body">
        {palette}
        <div className="canvas-area">{canvas}</div>
        <SidePanel canTestRun={access.canTestRun} draft={draft} />
      </div>
      {children}
      <HelpOverlay />
    </section>
  );
}

/** Puts back edits that could not be saved the last time this workflow was open (once per opening). */
function useRestoreUnsaved(detail: WorkflowDetail): void {
  const saver = useDraftSaver();
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    saver.restoreUnsaved(detail);
  }, [saver, detail]);
}

/** The editor for roles that may edit: palette, editable canvas, autosave, conflicts, test runs. */
export function EditableEditor({ access, detail }: { access: ToolbarAccess; detail: WorkflowDetail }) {
  useRestoreUnsaved(detail);
  useAutosave();
  useTestRunPolling();
  const saver = useDraftSaver();
  const draft = useMemo<DraftControl>(() => ({ flush: saver.flushSave, reload: saver.reloadTheirs }), [saver]);
  return (
    <EditorFrame access={access} palette={<Palette />} canvas={<FlowCanvas />} draft={draft}>
      <ConflictDialog />
      <LeaveGuard />
    </EditorFrame>
  );
}

/** The editor for every other role: the same workflow to look at, inspect and copy from, and nothing to change. */
export function ReadOnlyEditor({ access }: { access: ToolbarAccess }) {
  return <EditorFrame access={access} palette={null} canvas={<ReadOnlyFlow shortcuts />} />;
}
