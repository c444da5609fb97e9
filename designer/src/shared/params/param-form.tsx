import { useId } from 'react';
import type { WorkflowParam } from '../../../../runtime/definition/index.js';
import { valueText, type ParamEntries } from './param-values.js';
import './param-form.css';

/** One param's field: a switch over the param's kind, never a special case per workflow. */
function ParamField({ param, value, error, onChange, disabled }: { param: WorkflowParam; value: string | boolean; error: string | undefined; onChange: (value: string | boolean) => void; disabled: boolean }) {
  const id = useId();
  const label = param.title ?? param.name;
  const describedBy = [param.description ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, disabled, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined, required: param.required && param.default === undefined };
  let control;
  if (param.type === 'boolean') {
    control = <input type="checkbox" {...common} checked={value === true} onChange={(event) => onChange(event.target.checked)} />;
  } else if (param.enum) {
    control = (
      <select {...common} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)}>
        {param.required && param.default === undefined ? <option value="">Choose…</option> : null}
        {!param.required && param.default === undefined ? <option value="">(none)</option> : null}
        {param.enum.map((choice) => (
          <option key={String(choice)} value={String(choice)}>
            {String(choice)}
          </option>
        ))}
      </select>
    );
  } else if (param.type === 'json') {
    control = <textarea {...common} className="param-json" rows={3} spellCheck={false} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)} />;
  } else {
    control = (
      <input
        {...common}
        type={param.type === 'number' ? 'number' : 'text'}
        step={param.type === 'number' ? 'any' : undefined}
        value={typeof value === 'string' ? value : ''}
        placeholder={param.default === undefined ? undefined : `default: ${valueText(param.default)}`}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <div className={param.type === 'boolean' ? 'param-field checkbox' : 'param-field'} data-param={param.name}>
      <label htmlFor={id}>
        {label}
        {common.required ? <span aria-hidden="true"> *</span> : null}
        {param.title ? <code className="muted"> {param.name}</code> : null}
      </label>
      {control}
      {param.description ? (
        <p id={`${id}-help`} className="muted small">
          {param.description}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="error small">
          {label} {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The form of a workflow's params, generated from their declarations (type, choices, required,
 * default, title, description): for a manual run, a test run of the draft, a replay.
 */
export function ParamForm({
  params,
  entries,
  errors = {},
  onChange,
  disabled = false,
}: {
  params: readonly WorkflowParam[];
  entries: ParamEntries;
  errors?: Readonly<Record<string, string>>;
  onChange: (entries: ParamEntries) => void;
  disabled?: boolean;
}) {
  if (params.length === 0) return null;
  return (
    <fieldset className="param-form">
      <legend>Parameters</legend>
      {params.map((param) => (
        <ParamField
          key={param.name}
          param={param}
          value={entries[param.name] ?? ''}
          error={errors[param.name]}
          disabled={disabled}
          onChange={(value) => onChange({ ...entries, [param.name]: value })}
        />
      ))}
    </fieldset>
  );
}
