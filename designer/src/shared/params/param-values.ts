import type { WorkflowParam } from '../../../../runtime/definition/index.js';

/** What a person has typed or chosen per param, by name: text for strings, numbers and JSON, a flag for booleans. */
export type ParamEntries = Readonly<Record<string, string | boolean>>;

/** A param value as a text field shows it: strings as they are, anything else as JSON. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** The form's starting entries: each param's default, or empty (unchecked for a boolean). */
export function initialEntries(params: readonly WorkflowParam[]): ParamEntries {
  const entries: Record<string, string | boolean> = {};
  for (const param of params) {
    if (param.type === 'boolean') entries[param.name] = param.default === true;
    else if (param.default === undefined) entries[param.name] = '';
    else entries[param.name] = param.type === 'json' ? JSON.stringify(param.default, null, 2) : valueText(param.default);
  }
  return entries;
}

/** The entries a run's params fill in (Replay, Run again): its values where the params still exist. */
export function entriesFrom(params: readonly WorkflowParam[], values: Readonly<Record<string, unknown>>): ParamEntries {
  const entries: Record<string, string | boolean> = { ...initialEntries(params) };
  for (const param of params) {
    const value = values[param.name];
    if (value === undefined) continue;
    entries[param.name] = param.type === 'boolean' ? value === true : param.type === 'json' ? JSON.stringify(value, null, 2) : valueText(value);
  }
  return entries;
}

/** The params to send, or what is wrong with each entry (by param name). */
export type ParamResult = { readonly ok: true; readonly values: Record<string, unknown> } | { readonly ok: false; readonly errors: Readonly<Record<string, string>> };

/**
 * The entries as a run's params, checked as the server will: a required param needs a value, a
 * number must be one, JSON must parse, a choice must be one of the param's choices. An empty
 * optional entry is left out, so the param's default applies.
 */
export function paramValues(params: readonly WorkflowParam[], entries: ParamEntries): ParamResult {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const param of params) {
    const entry = entries[param.name];
    if (param.type === 'boolean') {
      values[param.name] = entry === true;
      continue;
    }
    const text = typeof entry === 'string' ? entry.trim() : '';
    if (text === '') {
      if (param.required && param.default === undefined) errors[param.name] = 'is required';
      continue;
    }
    if (param.type === 'number') {
      const number = Number(text);
      if (!Number.isFinite(number)) errors[param.name] = 'must be a number';
      else values[param.name] = number;
    } else if (param.type === 'json') {
      try {
        values[param.name] = JSON.parse(text) as unknown;
      } catch {
        errors[param.name] = 'must be valid JSON';
      }
    } else values[param.name] = typeof entry === 'string' ? entry : '';
    const value = values[param.name];
    if (param.enum && value !== undefined && !param.enum.includes(value as string | number)) errors[param.name] = `must be one of ${param.enum.join(', ')}`;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}
