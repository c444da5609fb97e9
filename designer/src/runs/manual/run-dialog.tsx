import { useId, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { paramSchema, type WorkflowParam } from '../../../../runtime/definition/index.js';
import { ApiError } from '../../app/api-client.js';
import { errorMessage } from '../../app/error-message.js';
import { ModalDialog } from '../../shared/modal-dialog.js';
import { ParamForm } from '../../shared/params/param-form.js';
import { initialEntries, paramValues, type ParamEntries } from '../../shared/params/param-values.js';
import { useVersionDetail } from '../../versions/api.js';
import { useStartRun } from '../api.js';

/** The params a definition declares (those that read as params; a definition from the server always does). */
export function declaredParams(definition: Record<string, unknown> | undefined): WorkflowParam[] {
  const raw = Array.isArray(definition?.params) ? (definition.params as unknown[]) : [];
  return raw.flatMap((param) => {
    const parsed = paramSchema.safeParse(param);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The input as typed: the value, or why it is not JSON. */
function parseInput(text: string): { value: unknown; error: string | null } {
  if (text.trim() === '') return { value: {}, error: null };
  try {
    return { value: JSON.parse(text) as unknown, error: null };
  } catch (caught) {
    return { value: undefined, error: caught instanceof Error ? caught.message : 'invalid JSON' };
  }
}

/**
 * Run the active version by hand: its params in a form generated from their declarations, and the
 * run's input as JSON. Starting opens the run's page.
 */
export function RunDialog({ tenantId, workflowId, name, activeVersion, onClose }: { tenantId: string; workflowId: string; name: string; activeVersion: number; onClose: () => void }) {
  const navigate = useNavigate();
  const inputId = useId();
  const version = useVersionDetail(tenantId, workflowId, activeVersion);
  const params = useMemo(() => declaredParams(version.data?.definition), [version.data]);
  const [entries, setEntries] = useState<ParamEntries | null>(null);
  const [inputText, setInputText] = useState('{}');
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});
  const start = useStartRun(tenantId, workflowId);
  const shown = entries ?? initialEntries(params);
  const input = parseInput(inputText);

  const submit = () => {
    const result = paramValues(params, shown);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (input.error !== null) return;
    start.mutate({ input: input.value, params: result.values }, { onSuccess: ({ runId }) => void navigate(`/t/${encodeURIComponent(tenantId)}/runs/${encodeURIComponent(runId)}`) });
  };
  // A refusal about one param (`params.region`) is shown at its field.
  const serverErrors = start.error instanceof ApiError ? Object.fromEntries(start.error.details.filter((detail) => detail.path.startsWith('params.')).map((detail) => [detail.path.slice('params.'.length), detail.message])) : {};

  return (
    <ModalDialog title={`Run ${name}`} onClose={onClose} className="run-dialog">
      <p className="muted">Starts a run of the active version ({activeVersion}) now, as you.</p>
      {version.isPending ? <p aria-busy="true">Reading the workflow's parameters…</p> : null}
      {version.isError ? (
        <p role="alert" className="error">
          The workflow's parameters could not be read: {errorMessage(version.error)}
        </p>
      ) : null}
      <form
        className="run-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {version.data ? <ParamForm params={params} entries={shown} errors={{ ...serverErrors, ...errors }} onChange={setEntries} disabled={start.isPending} /> : null}
        <label htmlFor={inputId} className="field-label">
          Input (JSON)
        </label>
        <textarea
          id={inputId}
          className="run-input"
          rows={6}
          spellCheck={false}
          value={inputText}
          aria-invalid={input.error ? true : undefined}
          aria-describedby={input.error ? `${inputId}-error` : undefined}
          onChange={(event) => setInputText(event.target.value)}
        />
        {input.error ? (
          <p id={`${inputId}-error`} className="error small">
            The input is not valid JSON: {input.error}
          </p>
        ) : null}
        {start.error ? (
          <p role="alert" className="error">
            The run was not started: {errorMessage(start.error)}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="submit" className="button primary" disabled={!version.data || start.isPending || input.error !== null}>
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
