import type { z } from 'zod';

/** Palette groups; the designer shows node types by category. */
export type NodeCategory = 'trigger' | 'logic' | 'data' | 'connector' | 'human' | 'flow' | 'ai';

/** A named connection point of a node. */
export interface PortSpec {
  readonly name: string;
  readonly label: string;
}

/** The port every non-trigger node offers for routing its failures (see docs/runtime.md). */
export const ERROR_PORT: PortSpec = { name: 'error', label: 'Error' };

/** The conventional single input and output ports. */
export const IN_PORT: PortSpec = { name: 'in', label: 'In' };
export const OUT_PORT: PortSpec = { name: 'out', label: 'Out' };

/** Form widgets the designer's single schema renderer knows. */
export type FieldWidget =
  | 'text'
  | 'textarea'
  | 'number'
  | 'select'
  | 'switch'
  | 'json'
  | 'jsonLogic'
  | 'keyValue'
  | 'list'
  | 'credential';

/** UI hints attached to a config field with zod's `.meta()`. */
export interface FieldHints {
  label?: string;
  help?: string;
  placeholder?: string;
  widget?: FieldWidget;
  /** json-logic over the node's config; the field is shown only when it is truthy. */
  visibleWhen?: unknown;
  /** The field holds json-logic, evaluated against the run context before the node executes. */
  expression?: boolean;
  /**
   * The expression is a condition, read as true or false (a condition's rule, a switch case's):
   * the designer offers the condition builder for it and no plain text, which would always be true.
   */
  condition?: boolean;
  /** For a `credential` field: the credential types the node accepts (the picker offers only those). */
  credentialTypes?: readonly string[];
}

/**
 * Outputs named by the node's config, e.g. one port per case of a switch: the array at `list`
 * holds objects whose `port` field is the port name and whose `label` field (if any) its label.
 */
export interface ConfigDrivenOutputs {
  readonly list: string;
  readonly port: string;
  readonly label?: string;
}

/**
 * What a node type is: metadata, ports and a zod config schema. Pure data plus zod, browser-safe,
 * so the designer renders palettes and forms from it and the validator checks definitions with it.
 *
 * `config` describes the config *after* expressions are resolved; fields marked with
 * {@link expression} may hold json-logic in a saved definition.
 */
export interface NodeSpec<Config extends z.ZodType = z.ZodType> {
  readonly type: string;
  readonly version: number;
  readonly title: string;
  readonly description: string;
  readonly category: NodeCategory;
  /**
   * The palette section within the category, e.g. the external system of a connector ("Shopify");
   * node types without one are listed under the category itself.
   */
  readonly group?: string;
  /** Name of a bundled icon. */
  readonly icon: string;
  readonly ports: {
    readonly inputs: readonly PortSpec[];
    readonly outputs: readonly PortSpec[];
    readonly outputsFromConfig?: ConfigDrivenOutputs;
  };
  readonly config: Config;
  /**
   * Whether executing the node affects the world outside the run (HTTP calls, mail). The engine
   * commits a side-effecting step as started before executing it; pure steps may be checkpointed
   * together.
   */
  readonly sideEffects: boolean;
}

/** Identity helper that keeps the config schema's type for `execute`. */
export function defineNodeSpec<Config extends z.ZodType>(spec: NodeSpec<Config>): NodeSpec<Config> {
  return spec;
}

/** Attaches UI hints to a config field. */
export function field<T extends z.ZodType>(schema: T, hints: FieldHints): T {
  return schema.meta({ ...hints });
}

/**
 * Marks a config field as an expression: the saved definition may hold json-logic there (a
 * plain literal is valid json-logic that evaluates to itself); `schema` describes the value after
 * evaluation.
 */
export function expression<T extends z.ZodType>(schema: T, hints: FieldHints = {}): T {
  return schema.meta({ widget: 'jsonLogic', ...hints, expression: true });
}

/**
 * The UI hints of a field, merged through optional/default/nullable wrappers (an outer wrapper's
 * hint wins), so `field(expression(x).optional(), { label })` keeps `expression: true`.
 */
export function fieldHints(schema: z.ZodType): FieldHints {
  let hints: FieldHints = {};
  for (let current: z.ZodType | undefined = schema; current; current = unwrapOnce(current)) {
    const meta = current.meta() as FieldHints | undefined;
    if (meta) hints = { ...meta, ...hints };
  }
  return hints;
}

/** The schema inside an optional, nullable or default wrapper, or undefined for other kinds. */
export function unwrapOnce(schema: z.ZodType): z.ZodType | undefined {
  const def = schema.def as { type: string; innerType?: z.ZodType };
  if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default' || def.type === 'prefault') {
    return def.innerType;
  }
  return undefined;
}

/** The output ports of a node instance: the spec's static outputs plus any named by its config. */
export function outputPorts(spec: NodeSpec, config: Record<string, unknown>): PortSpec[] {
  const ports = [...spec.ports.outputs];
  const driven = spec.ports.outputsFromConfig;
  if (!driven) return ports;
  const list = config[driven.list];
  if (!Array.isArray(list)) return ports;
  for (const entry of list as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const record = entry as Record<string, unknown>;
    const name = record[driven.port];
    if (typeof name !== 'string' || name === '') continue;
    const label = driven.label ? record[driven.label] : undefined;
    ports.push({ name, label: typeof label === 'string' && label !== '' ? label : name });
  }
  return ports;
}
