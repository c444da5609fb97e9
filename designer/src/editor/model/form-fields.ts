import { z } from 'zod';
import { fieldHints, formatPath, type FieldHints, type PathSegment } from '../../../../runtime/definition/index.js';
import { isFieldVisible } from './field-visibility.js';
import { acceptsJson, choicesOf, initialValue, isPlainObject, isScalarUnion, lengthBounds, unwrapSchema, withDefaults, type Choice } from './zod-introspection.js';

/** What the single form renderer switches over: one kind per input it knows. */
export type FieldKind = FieldDescriptor['kind'];

/** What every field has, whatever its kind. */
interface FieldBase {
  /** Path of the value inside the form's value (the node's config, or the node itself). */
  readonly path: readonly PathSegment[];
  /** The field's path from the node, formatted (`config.cases[0].rule`): problems and focus find fields by it. */
  readonly id: string;
  readonly label: string;
  readonly help?: string;
  readonly placeholder?: string;
  /** May be left empty: the field is optional or has a default. */
  readonly optional: boolean;
  /** What the engine uses when the field is left empty. */
  readonly defaultValue?: unknown;
  readonly value: unknown;
  /** False when the field's `visibleWhen` rule hides it. */
  readonly visible: boolean;
}

/** Text in one line, several lines, or a stored credential's name. */
export type TextField = FieldBase & {
  readonly kind: 'text' | 'textarea' | 'credential';
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Only a string is shown and written (the plain text of a field that takes any JSON), never a number or a switch turned into text. */
  readonly stringsOnly?: boolean;
  /** For a credential: the credential types the node accepts; the picker offers only those. */
  readonly credentialTypes?: readonly string[];
};
export type NumberField = FieldBase & { readonly kind: 'number'; readonly integer: boolean; readonly min?: number; readonly max?: number };
export type SelectField = FieldBase & { readonly kind: 'select'; readonly options: readonly Choice[] };
export type SwitchField = FieldBase & { readonly kind: 'switch' };

/** A field whose value is edited directly: text, number, choice or switch. */
export type ScalarField = TextField | NumberField | SelectField | SwitchField;

/** A field of a form, with its value, as the renderer draws it. */
export type FieldDescriptor =
  | ScalarField
  | (FieldBase & { readonly kind: 'json' })
  | (FieldBase & {
      readonly kind: 'expression';
      /** How to edit a plain (non-rule) value, when it is a scalar. */
      readonly literal?: ScalarField;
      /** Whether the condition builder fits: the value may be any JSON or a boolean. */
      readonly builder: boolean;
    })
  | (FieldBase & { readonly kind: 'list'; readonly items: readonly FieldDescriptor[]; readonly newItem: unknown; readonly min?: number; readonly max?: number })
  | (FieldBase & {
      readonly kind: 'object';
      readonly fields: readonly FieldDescriptor[];
      /** The value an optional object starts with when turned on. */
      readonly initial: unknown;
    })
  | (FieldBase & { readonly kind: 'keyValue'; readonly entries: readonly FieldDescriptor[]; readonly newValue: unknown });

/** What describing a form needs besides the schema and value. */
interface FormContext {
  /** The form's path from the node (`['config']` for the config form). */
  readonly root: readonly PathSegment[];
  /** The data `visibleWhen` rules read: the form's value with its defaults filled in. */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * The fields of a form for an object schema and its current value, in schema order, each with
 * its kind, label, help, default, visibility and value; nested objects, lists and maps carry
 * their children. This is the one place that maps zod kinds and `ui.widget` hints to inputs; the
 * renderer only switches over {@link FieldKind}. `root` is the form's path from the node.
 */
export function describeForm(schema: z.ZodType, value: unknown, root: readonly PathSegment[]): FieldDescriptor[] {
  const context: FormContext = { root, data: withDefaults(schema, value) };
  const base = unwrapSchema(schema).schema;
  if (!(base instanceof z.ZodObject)) return [describeField(schema, value, [], context, root.at(-1) ?? 'value')];
  return objectFields(base, value, [], context);
}

function objectFields(schema: z.ZodObject, value: unknown, path: readonly PathSegment[], context: FormContext): FieldDescriptor[] {
  const object = isPlainObject(value) ? value : {};
  return Object.entries<z.ZodType>(schema.shape).map(([key, child]) => describeField(child, object[key], [...path, key], context, key));
}

/** `name` labels a field without a label hint; an entry of a map or list is labelled by its key as is (`label`). */
function describeField(schema: z.ZodType, value: unknown, path: readonly PathSegment[], context: FormContext, name: PathSegment, label?: string): FieldDescriptor {
  const hints = fieldHints(schema);
  const { schema: base, optional, defaultValue } = unwrapSchema(schema);
  const common: FieldBase = {
    path,
    id: formatPath([...context.root, ...path]),
    label: label ?? hints.label ?? humanize(name),
    ...(hints.help !== undefined ? { help: hints.help } : {}),
    ...placeholderOf(hints, defaultValue),
    optional,
    ...(defaultValue !== undefined ? { defaultValue } : {}),
    value,
    visible: isFieldVisible(hints.visibleWhen, context.data),
  };
  if (hints.expression) {
    const literal = scalarField(base, hints.widget === 'jsonLogic' ? undefined : hints.widget, common) ?? plainText(base, hints, common);
    return { ...common, kind: 'expression', ...(literal ? { literal } : {}), builder: acceptsJson(base) || base instanceof z.ZodBoolean };
  }
  if (hints.widget === 'json') return { ...common, kind: 'json' };
  const scalar = scalarField(base, hints.widget, common);
  if (scalar?.kind === 'credential' && hints.credentialTypes !== undefined) return { ...scalar, credentialTypes: hints.credentialTypes };
  if (scalar) return scalar;
  if (base instanceof z.ZodArray) {
    const element = base.element as z.ZodType;
    const items = Array.isArray(value) ? value.map((item: unknown, index) => describeField(element, item, [...path, index], context, index, `#${index + 1}`)) : [];
    return { ...common, kind: 'list', items, newItem: initialValue(element), ...lengthBounds(base) };
  }
  if (base instanceof z.ZodObject) return { ...common, kind: 'object', fields: objectFields(base, value, path, context), initial: initialValue(base) };
  if (base instanceof z.ZodRecord) {
    const valueType = base.valueType as z.ZodType;
    const entries = Object.entries(isPlainObject(value) ? value : {}).map(([key, entry]) => describeField(valueType, entry, [...path, key], context, key, key));
    return { ...common, kind: 'keyValue', entries, newValue: initialValue(valueType) };
  }
  return { ...common, kind: 'json' };
}

/** The input for a scalar schema (text, number, choice, switch), or undefined for other kinds. */
function scalarField(schema: z.ZodType, widget: FieldHints['widget'], common: FieldBase): ScalarField | undefined {
  const choices = choicesOf(schema);
  if (choices) return { ...common, kind: 'select', options: choices };
  if (schema instanceof z.ZodString) {
    const kind = widget === 'textarea' || widget === 'credential' ? widget : 'text';
    return { ...common, kind, ...(schema.minLength !== null ? { minLength: schema.minLength } : {}), ...(schema.maxLength !== null ? { maxLength: schema.maxLength } : {}) };
  }
  if (schema instanceof z.ZodNumber) {
    return {
      ...common,
      kind: 'number',
      integer: schema.isInt,
      ...(schema.minValue !== null && Number.isFinite(schema.minValue) ? { min: schema.minValue } : {}),
      ...(schema.maxValue !== null && Number.isFinite(schema.maxValue) && schema.maxValue < Number.MAX_SAFE_INTEGER ? { max: schema.maxValue } : {}),
    };
  }
  if (schema instanceof z.ZodBoolean) return { ...common, kind: 'switch' };
  if (isScalarUnion(schema)) return { ...common, kind: 'text' };
  return undefined;
}

/**
 * A field that takes any JSON also takes plain text, typed without JSON quotes: a transform's
 * field, a response body. Not a condition, where a text would always hold.
 */
function plainText(schema: z.ZodType, hints: FieldHints, common: FieldBase): TextField | undefined {
  return acceptsJson(schema) && !hints.condition ? { ...common, kind: 'text', stringsOnly: true } : undefined;
}

/** The hint's placeholder, else the default shown as one (so an empty field says what it will be). */
function placeholderOf(hints: FieldHints, defaultValue: unknown): { placeholder?: string } {
  if (hints.placeholder !== undefined) return { placeholder: hints.placeholder };
  if (typeof defaultValue !== 'string' && typeof defaultValue !== 'number' && typeof defaultValue !== 'boolean') return {};
  return { placeholder: String(defaultValue) };
}

/** `maxDelayMs` → "Max delay ms", for fields without a label hint. */
function humanize(name: PathSegment): string {
  const words = String(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Every field of a form, nested ones included, depth first. */
export function flattenFields(fields: readonly FieldDescriptor[]): FieldDescriptor[] {
  const all: FieldDescriptor[] = [];
  const visit = (field: FieldDescriptor) => {
    all.push(field);
    if (field.kind === 'object') field.fields.forEach(visit);
    if (field.kind === 'list') field.items.forEach(visit);
    if (field.kind === 'keyValue') field.entries.forEach(visit);
  };
  fields.forEach(visit);
  return all;
}
