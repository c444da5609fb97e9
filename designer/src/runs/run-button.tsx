import { useState } from 'react';
import type { WorkflowDefinition } from '../../../runtime/definition/index.js';
import type { WorkflowSummary } from '../app/api-types.js';
import { useWorkspace } from '../app/workspace.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { useVersionDetail } from '../versions/api.js';
import { RunWorkflowDialog } from './run-workflow-dialog.js';

/** The live version's definition, then the run dialog for it. */
function RunLiveVersion({ workflow, onClose }: { workflow: WorkflowSummary & { activeVersion: number }; onClose: () => void }) {
  const { tenant } = useWorkspace();
  const version = useVersionDetail(tenant.id, workflow.id, workflow.activeVersion);
  if (version.data) return <RunWorkflowDialog workflowId={workflow.id} name={workflow.name} definition={version.data.definition as unknown as WorkflowDefinition} onClose={onClose} />;
  return (
    <ModalDialog title={`Run ${workflow.name}`} onClose={onClose}>
      {version.isError ? <ErrorState title="The live version could not be loaded" error={version.error} onRetry={() => void version.refetch()} /> : <LoadingState label="Loading the live version…" />}
    </ModalDialog>
  );
}

/** **Run…** for a workflow with a live version: opens the run dialog (input and parameters). */
export function RunButton({ workflow }: { workflow: WorkflowSummary }) {
  const [open, setOpen] = useState(false);
  const { activeVersion } = workflow;
  if (activeVersion === null || workflow.archived) return null;
  return (
    <>
      <button type="button" className="button subtle" aria-label={`Run ${workflow.name}`} onClick={() => setOpen(true)}>
        Run…
      </button>
      {open ? <RunLiveVersion workflow={{ ...workflow, activeVersion }} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
