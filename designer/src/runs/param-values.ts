import type { WorkflowDefinition } from '../../../runtime/definition/index.js';

/** A parameter the workflow declares (its `params[]`). */
export type WorkflowParam = WorkflowDefinition['params'][number];

/** What a parameter's field holds while it is edited: text for text, numbers and JSON; a flag for a yes/no. */
export type ParamDraft = Readonly<Record<string, string | boolean>>;

/** The fields' first values: each parameter's default, or empty. */
export function initialParamDraft(params: readonly WorkflowParam[]): ParamDraft {
  const draft: Record<string, string | boolean> = {};
  for (const param of params) {
    const fallback: unknown = param.default;
    if (param.type === 'boolean') draft[param.name] = fallback === true;
    else if (fallback === undefined) draft[param.name] = '';
    else draft[param.name] = typeof fallback === 'string' && param.type !== 'json' ? fallback : JSON.stringify(fallback);
  }
  return draft;
}

/**
 * The values to send, or each field's problem in words. An empty optional field is left out, so the
 * run takes the parameter's default.
 */
export function paramValues(params: readonly WorkflowParam[], draft: ParamDraft): { values: Record<string, unknown>; problems: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const param of params) {
    const entry = draft[param.name];
    if (param.type === 'boolean') {
      values[param.name] = entry === true;
      continue;
    }
    const text = typeof entry === 'string' ? entry.trim() : '';
    if (text === '') {
      if (param.required && param.default === undefined) problems[param.name] = 'is required';
      continue;
    }
    if (param.type === 'string') values[param.name] = typeof entry === 'string' ? entry : '';
    else if (param.type === 'number') {
      const number = Number(text);
      if (Number.isFinite(number)) values[param.name] = number;
      else problems[param.name] = 'must be a number';
    } else {
      try {
        values[param.name] = JSON.parse(text) as unknown;
      } catch {
        problems[param.name] = 'must be JSON, e.g. {"a": 1} or ["x"]';
      }
    }
  }
  return { values, problems };
}
