import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { WorkflowDefinition } from '../../../runtime/definition/index.js';
import { errorMessage } from '../app/error-message.js';
import { useWorkspace, workspacePath } from '../app/workspace.js';
import { ModalDialog } from '../shared/modal-dialog.js';
import { useStartRun } from './api.js';
import { initialParamDraft, paramValues } from './param-values.js';
import { ParamsForm } from './params-form.js';

/**
 * Runs a workflow's active version by hand: its input as JSON and its parameters from a form made
 * from the parameters it declares; once started, the run opens.
 */
export function RunWorkflowDialog({ workflowId, name, definition, onClose }: { workflowId: string; name: string; definition: WorkflowDefinition; onClose: () => void }) {
  const { tenant } = useWorkspace();
  const navigate = useNavigate();
  const start = useStartRun(tenant.id);
  const [inputText, setInputText] = useState('{}');
  const [draft, setDraft] = useState(() => initialParamDraft(definition.params));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [inputProblem, setInputProblem] = useState<string | null>(null);
  const submit = () => {
    let input: unknown;
    try {
      input = JSON.parse(inputText === '' ? 'null' : inputText) as unknown;
      setInputProblem(null);
    } catch {
      setInputProblem('The input must be JSON, e.g. {"orderId": "SO-1001"}.');
      return;
    }
    const checked = paramValues(definition.params, draft);
    setProblems(checked.problems);
    if (Object.keys(checked.problems).length > 0) return;
    start.mutate({ workflowId, kind: 'runs', input, params: checked.values }, { onSuccess: ({ runId }) => void navigate(workspacePath(tenant.id, `runs/${runId}`)) });
  };
  return (
    <ModalDialog title={`Run ${name}`} onClose={onClose} className="run-dialog">
      <form
        className="params-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <p className="muted small">Runs the live version with this input, as a webhook or a schedule would. Its steps really happen.</p>
        <label>
          Input (JSON)
          <textarea rows={5} spellCheck={false} value={inputText} onChange={(event) => setInputText(event.target.value)} aria-invalid={inputProblem ? true : undefined} />
        </label>
        {inputProblem ? <p className="field-message error">{inputProblem}</p> : null}
        <ParamsForm params={definition.params} draft={draft} problems={problems} onChange={setDraft} />
        {start.isError ? (
          <p className="field-message error" role="alert">
            The run could not start: {errorMessage(start.error)}
          </p>
        ) : null}
        <div className="decision-buttons">
          <button type="submit" className="button primary" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start run'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
