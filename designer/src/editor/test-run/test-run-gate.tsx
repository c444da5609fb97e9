import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api-client.js';
import type { Task } from '../../app/api-types.js';
import { errorMessage } from '../../app/error-message.js';
import { useDecideTask } from '../../approvals/api.js';
import { DecisionForm } from '../../shared/decision-form.js';
import { useEditorStore } from '../store/editor-context.js';

/**
 * A test run waiting at an approval gate, decided right here: the person who started a test run of
 * the draft decides its gates as a test (the gate's approvers and N of M do not apply), and the run
 * goes on along the chosen path while the panel follows it.
 */
export function TestRunGate({ tenantId, runId }: { tenantId: string; runId: string }) {
  const client = useQueryClient();
  const setRun = useEditorStore((state) => state.setRun);
  const run = useEditorStore((state) => state.run);
  const decide = useDecideTask();
  const tasks = useQuery({
    queryKey: ['test-run-tasks', tenantId, runId],
    queryFn: () => api<Task[]>('GET', `/api/v1/tenants/${encodeURIComponent(tenantId)}/tasks?runId=${encodeURIComponent(runId)}&status=open`),
    staleTime: 0,
  });
  if (tasks.isPending) return <p className="muted small">Looking for the approval the run waits for…</p>;
  if (tasks.isError) {
    return (
      <p role="alert" className="error small">
        The run's approval tasks could not be read: {errorMessage(tasks.error)}
      </p>
    );
  }
  if (tasks.data.length === 0) return <p className="muted small">The run is waiting (for a timer or an event); the test stops following it here.</p>;
  return (
    <div className="test-run-gates">
      {tasks.data.map((task) => (
        <section key={task.id} className="test-run-gate" aria-label={`Approval: ${task.title}`}>
          <h4>Waiting for approval: {task.title}</h4>
          {task.instructions ? <p className="small">{task.instructions}</p> : null}
          {Object.keys(task.fields).length > 0 ? (
            <dl className="task-fields">
              {Object.entries(task.fields).map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
                </div>
              ))}
            </dl>
          ) : null}
          <p className="muted small">This is your test run: decide the gate as a test to follow either path. Real runs are decided by the gate's approvers.</p>
          <DecisionForm
            refusal={null}
            onDecide={async (decision, comment) => {
              await decide.mutateAsync({ tenantId, taskId: task.id, decision, comment, asTest: true });
              if (run) setRun({ ...run, status: 'running' });
              await client.invalidateQueries({ queryKey: ['test-run', tenantId, runId] });
            }}
          />
        </section>
      ))}
    </div>
  );
}
