import { PanelLeftOpen, PanelRightClose, PanelRightOpen } from 'lucide-react';
import { useEffect, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { WorkflowDetail } from '../app/api-types.js';
import { ReadOnlyFlow } from '../shared/canvas/read-only-flow.js';
import { FlowCanvas } from './canvas/flow-canvas.js';
import { HelpOverlay } from './help/help-overlay.js';
import { Inspector } from './inspector/inspector.js';
import { JsonView } from './json-view/json-view.js';
import { ClosedPanel } from './layout/closed-panel.js';
import { SidePanelResizer } from './layout/side-panel-resizer.js';
import { usePanelPreferences } from './layout/use-panel-preferences.js';
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

/**
 * The side panel's tabs (the test run only where test runs are offered; `draft` lets the versions
 * panel restore into the draft), resizable by its left border and closable, so the canvas keeps room
 * on a small screen.
 */
function SidePanel({ canTestRun, draft }: { canTestRun: boolean; draft?: DraftControl }) {
  const { panel, setPanel, open, width, setPanelLayout } = useEditorStore(
    useShallow((state) => ({ panel: state.panel, setPanel: state.setPanel, open: state.sidePanelOpen, width: state.sidePanelWidth, setPanelLayout: state.setPanelLayout })),
  );
  const shown = PANELS.filter((entry) => entry.id !== 'test' || canTestRun);
  const current = shown.some((entry) => entry.id === panel) ? panel : 'inspector';
  if (!open) return <ClosedPanel label="Open the side panel" icon={PanelRightOpen} side="right" onOpen={() => setPanelLayout({ sidePanelOpen: true })} />;
  return (
    <>
      <SidePanelResizer />
      <aside className="side-panel" aria-label="Side panel" style={{ '--side-panel-width': `${width}px` } as CSSProperties}>
        <div className="side-panel-head">
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
          <button type="button" className="icon-button" aria-label="Close the side panel" title="Close the side panel" onClick={() => setPanelLayout({ sidePanelOpen: false })}>
            <PanelRightClose size={16} aria-hidden="true" />
          </button>
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
    </>
  );
}

/** The palette, or the strip that opens it again. */
function PaletteSlot({ palette }: { palette: ReactNode }) {
  const { open, setPanelLayout } = useEditorStore(useShallow((state) => ({ open: state.paletteOpen, setPanelLayout: state.setPanelLayout })));
  if (palette === null) return null;
  return open ? palette : <ClosedPanel label="Open the node palette" icon={PanelLeftOpen} side="left" onOpen={() => setPanelLayout({ paletteOpen: true })} />;
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
  usePanelPreferences();
  const paletteShown = useEditorStore((state) => palette !== null && state.paletteOpen);
  return (
    <section className="editor" aria-label="Workflow editor">
      <EditorToolbar access={access} />
      <VersionBar />
      <div className={paletteShown ? 'editor-body with-palette' : 'editor-body'}>
        <PaletteSlot palette={palette} />
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
