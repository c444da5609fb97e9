import { useId } from 'react';
import type { ParamDraft, WorkflowParam } from './param-values.js';

/**
 * A field per workflow parameter, by its type: text, a number, a yes/no switch, or JSON; each
 * labelled by its title (or name), with its description and its problem, if any.
 */
export function ParamsForm({ params, draft, problems, onChange }: { params: readonly WorkflowParam[]; draft: ParamDraft; problems: Readonly<Record<string, string>>; onChange: (draft: ParamDraft) => void }) {
  const id = useId();
  if (params.length === 0) return <p className="muted small">This workflow declares no parameters.</p>;
  return (
    <fieldset className="params-form">
      <legend>Parameters</legend>
      {params.map((param) => {
        const fieldId = `${id}-${param.name}`;
        const problem = problems[param.name];
        const label = `${param.title ?? param.name}${param.required && param.default === undefined ? ' *' : ''}`;
        const described = [param.description ? `${fieldId}-hint` : '', problem ? `${fieldId}-problem` : ''].filter(Boolean).join(' ') || undefined;
        const value = draft[param.name];
        return (
          <div key={param.name}>
            {param.type === 'boolean' ? (
              <label className="switch-field">
                <input id={fieldId} type="checkbox" checked={value === true} onChange={(event) => onChange({ ...draft, [param.name]: event.target.checked })} aria-describedby={described} />
                {label}
              </label>
            ) : (
              <label htmlFor={fieldId}>
                {label}
                {param.type === 'json' ? (
                  <textarea id={fieldId} rows={3} spellCheck={false} value={String(value ?? '')} onChange={(event) => onChange({ ...draft, [param.name]: event.target.value })} aria-invalid={problem ? true : undefined} aria-describedby={described} />
                ) : (
                  <input
                    id={fieldId}
                    type={param.type === 'number' ? 'number' : 'text'}
                    step="any"
                    value={String(value ?? '')}
                    onChange={(event) => onChange({ ...draft, [param.name]: event.target.value })}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={described}
                  />
                )}
              </label>
            )}
            {param.description ? (
              <p id={`${fieldId}-hint`} className="field-hint">
                {param.description}
              </p>
            ) : null}
            {problem ? (
              <p id={`${fieldId}-problem`} className="field-message error">
                {param.title ?? param.name} {problem}
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}
