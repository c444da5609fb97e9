import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect } from 'react';
import { useParams } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { FlowCanvas } from '../editor/canvas/flow-canvas.js';
import { HelpOverlay } from '../editor/help/help-overlay.js';
import { Inspector } from '../editor/inspector/inspector.js';
import { JsonView } from '../editor/json-view/json-view.js';
import { Palette } from '../editor/palette/palette.js';
import { ProblemsPanel } from '../editor/problems/problems-panel.js';
import { ProblemsTabLabel } from '../editor/problems/problems-tab-label.js';
import { ConflictDialog } from '../editor/save/conflict-dialog.js';
import { draftJson, fetchDraft, restoreUnsaved } from '../editor/save/draft-saver.js';
import { useAutosave } from '../editor/save/use-autosave.js';
import { resetHistory, useEditorStore } from '../editor/store/editor-store.js';
import type { Panel } from '../editor/store/ui-slice.js';
import { TestRunPanel } from '../editor/test-run/test-run-panel.js';
import { useTestRunPolling } from '../editor/test-run/use-test-run.js';
import { EditorToolbar } from '../editor/toolbar/editor-toolbar.js';

const PANELS: { id: Panel; label: string }[] = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'json', label: 'JSON' },
  { id: 'problems', label: 'Problems' },
  { id: 'test', label: 'Test run' },
];

/** Loads the workflow into the editor store once (and again only when another workflow opens). */
function useLoadWorkflow(tenantId: string, workflowId: string): { loading: boolean; error: unknown } {
  const query = useQuery({
    queryKey: ['workflow', tenantId, workflowId],
    queryFn: () => fetchDraft(tenantId, workflowId),
    staleTime: Infinity,
  });
  const detail = query.data;
  useEffect(() => {
    if (!detail) return;
    const store = useEditorStore.getState();
    store.replaceAll(detail.draft);
    store.setSaveState({
      tenantId,
      workflowId,
      revision: detail.revision,
      savedJson: draftJson(),
      saveStatus: 'saved',
      saveError: null,
      conflict: null,
    });
    store.setRun(null);
    resetHistory();
    restoreUnsaved(detail);
  }, [detail, tenantId, workflowId]);
  return { loading: query.isLoading, error: query.error };
}

/** The workflow editor: palette, canvas, and the side panels (inspector, JSON, problems, test run). */
export function EditorPage() {
  const { tenantId = '', workflowId = '' } = useParams();
  const { loading, error } = useLoadWorkflow(tenantId, workflowId);
  const { panel, setPanel } = useEditorStore(useShallow((state) => ({ panel: state.panel, setPanel: state.setPanel })));
  useAutosave();
  useTestRunPolling();
  if (loading) return <p aria-busy="true">Loading…</p>;
  if (error) return <p role="alert" className="error">{error instanceof Error ? error.message : 'The workflow could not be loaded.'}</p>;
  return (
    <ReactFlowProvider>
      <section className="editor">
        <EditorToolbar />
        <div className="editor-body">
          <Palette />
          <div className="canvas-area">
            <FlowCanvas />
          </div>
          <aside className="side-panel" aria-label="Side panel">
            <div role="tablist" className="tabs">
              {PANELS.map((entry) => (
                <button key={entry.id} type="button" role="tab" aria-selected={panel === entry.id} className={panel === entry.id ? 'tab active' : 'tab'} onClick={() => setPanel(entry.id)}>
                  {entry.id === 'problems' ? <ProblemsTabLabel /> : entry.label}
                </button>
              ))}
            </div>
            <div role="tabpanel" className="panel-body">
              {panel === 'inspector' ? <Inspector /> : null}
              {panel === 'json' ? <JsonView /> : null}
              {panel === 'problems' ? <ProblemsPanel /> : null}
              {panel === 'test' ? <TestRunPanel /> : null}
            </div>
          </aside>
        </div>
        <ConflictDialog />
        <HelpOverlay />
      </section>
    </ReactFlowProvider>
  );
}
