import type { WorkflowParam } from '../../../runtime/definition/index.js';

/** A property of a template's parameter schema, as the manifest writes it. */
interface SchemaProperty {
  readonly type?: string;
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
}

/** JSON Schema types as workflow param types. */
const PARAM_TYPE: Readonly<Record<string, WorkflowParam['type']>> = { string: 'string', number: 'number', integer: 'number', boolean: 'boolean', array: 'json', object: 'json' };

/**
 * The fields of a template's parameter schema as workflow params, so the wizard's form is the one
 * every run dialog uses (titles, descriptions, defaults, choices, required marks).
 */
export function templateParams(parameters: Readonly<Record<string, unknown>>): WorkflowParam[] {
  const properties = (parameters.properties ?? {}) as Readonly<Record<string, SchemaProperty>>;
  const required = new Set((parameters.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const choices = property.enum?.filter((choice): choice is string | number => typeof choice === 'string' || typeof choice === 'number');
    return {
      name,
      type: PARAM_TYPE[property.type ?? 'string'] ?? 'json',
      required: required.has(name),
      ...(property.title === undefined ? {} : { title: property.title }),
      ...(property.description === undefined ? {} : { description: property.description }),
      ...(property.default === undefined ? {} : { default: property.default as never }),
      ...(choices && choices.length > 0 ? { enum: choices } : {}),
    };
  });
}

/** Which parameters hold a connector's connection settings (shown with the connector, not with the other parameters). */
export function connectionParams(connectors: readonly { readonly key: string; readonly settings?: Readonly<Record<string, string>> }[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const connector of connectors) for (const parameter of Object.values(connector.settings ?? {})) owners.set(parameter, connector.key);
  return owners;
}

/** The limits a parameter's schema may set, as the wizard checks them before the server does. */
interface SchemaLimits {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

/**
 * What is wrong with each value given, measured against the limits of its schema (bounds,
 * lengths, patterns), by parameter name; the server checks the whole schema again on cloning.
 */
export function schemaProblems(parameters: Readonly<Record<string, unknown>>, values: Readonly<Record<string, unknown>>): Record<string, string> {
  const properties = (parameters.properties ?? {}) as Readonly<Record<string, SchemaLimits>>;
  const problems: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const limits = properties[name];
    if (!limits) continue;
    if (typeof value === 'number') {
      if (limits.minimum !== undefined && value < limits.minimum) problems[name] = `must be at least ${limits.minimum}`;
      else if (limits.maximum !== undefined && value > limits.maximum) problems[name] = `must be at most ${limits.maximum}`;
    } else if (typeof value === 'string') {
      if (limits.minLength !== undefined && value.length < limits.minLength) problems[name] = `must have at least ${limits.minLength} characters`;
      else if (limits.maxLength !== undefined && value.length > limits.maxLength) problems[name] = `must have at most ${limits.maxLength} characters`;
      else if (limits.pattern !== undefined && !new RegExp(limits.pattern, 'u').test(value)) problems[name] = `must match ${limits.pattern}`;
    }
  }
  return problems;
}
