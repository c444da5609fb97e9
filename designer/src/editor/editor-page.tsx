import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Link, useParams } from 'react-router';
import { ApiError } from '../app/api-client.js';
import { can, refusalReason } from '../app/permissions.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { ErrorState, LoadingState } from '../shared/page-state.js';
import { useWorkflowDetail } from '../workflows/api.js';
import { EditableEditor, ReadOnlyEditor } from './editor-layout.js';
import { applyPanelPreferences } from './layout/use-panel-preferences.js';
import { ValidationProvider } from './problems/validation-context.js';
import { loadWorkflow } from './save/draft-saver.js';
import { DraftSaverProvider } from './save/draft-saver-context.js';
import { EditorStoreProvider } from './store/editor-context.js';
import type { ToolbarAccess } from './toolbar/editor-toolbar.js';

/**
 * A workflow in the editor. Roles that may edit workflows get the full editor (palette, inspector,
 * JSON, problems, test runs, autosave); every other role gets the same workflow read-only, with a
 * note saying why. Each opening has an editor store of its own.
 */
export function EditorPage() {
  const workspace = useWorkspace();
  const tenantId = workspace.tenant.id;
  const { workflowId = '' } = useParams();
  const query = useWorkflowDetail(tenantId, workflowId);
  const editable = can(workspace, 'workflow.write');
  const access: ToolbarAccess = {
    readOnlyReason: editable ? null : refusalReason(workspace, 'workflow.write'),
    canTestRun: editable && can(workspace, 'run.test'),
    canSubmit: editable && can(workspace, 'version.submit'),
  };
  if (query.isPending) return <LoadingState label="Loading the workflow…" />;
  if (query.isError) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <ErrorState title={missing ? 'Workflow not found' : 'The workflow could not be loaded'} error={query.error} onRetry={missing ? undefined : () => void query.refetch()}>
        <p>
          <Link to={workspacePath(tenantId, 'workflows')}>Back to the workflows of {workspace.tenant.name}</Link>
        </p>
      </ErrorState>
    );
  }
  const detail = query.data;
  return (
    <EditorStoreProvider key={`${tenantId}/${workflowId}/${editable}`} options={{ readOnly: !editable }} init={(store) => {
        applyPanelPreferences(store);
        loadWorkflow(store, tenantId, workflowId, detail);
      }}
    >
      <ValidationProvider>
        <ReactFlowProvider>
          {editable ? (
            <DraftSaverProvider>
              <EditableEditor access={access} detail={detail} />
            </DraftSaverProvider>
          ) : (
            <ReadOnlyEditor access={access} />
          )}
        </ReactFlowProvider>
      </ValidationProvider>
    </EditorStoreProvider>
  );
}
