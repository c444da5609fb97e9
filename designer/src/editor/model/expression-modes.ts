import { isRule } from '../../../../runtime/expressions/index.js';
import { parseCondition } from './condition-rules.js';
import type { FieldDescriptor, ScalarField } from './form-fields.js';

/** How an expression field is being edited: a plain value, the condition builder, or raw json-logic. */
export type ExpressionMode = 'literal' | 'builder' | 'raw';

type ExpressionField = Extract<FieldDescriptor, { kind: 'expression' }>;

/** The modes a field offers: a plain value when it has a scalar type, the builder when it takes a condition, raw always. */
export function expressionModes(field: ExpressionField): ExpressionMode[] {
  return [...(field.literal ? (['literal'] as const) : []), ...(field.builder ? (['builder'] as const) : []), 'raw'];
}

/**
 * The mode a field opens in: a plain value shows in the literal input when it fits it; a rule in
 * the builder when the builder can show it exactly; anything else raw. An empty field opens in the
 * first mode it offers.
 */
export function initialExpressionMode(field: ExpressionField): ExpressionMode {
  const value = field.value;
  if (value === undefined) return expressionModes(field)[0] ?? 'raw';
  if (field.literal && fitsLiteral(field.literal, value)) return 'literal';
  if (field.builder && isRule(value) && parseCondition(value).ok) return 'builder';
  return 'raw';
}

/** Whether a plain value can be shown in the literal input (text in a text input, a choice in a select...). */
export function fitsLiteral(literal: ScalarField, value: unknown): boolean {
  switch (literal.kind) {
    case 'number':
      return typeof value === 'number';
    case 'switch':
      return typeof value === 'boolean';
    case 'select':
      return literal.options.some((option) => option === value);
    default:
      return typeof value === 'string' || (!literal.stringsOnly && (typeof value === 'number' || typeof value === 'boolean'));
  }
}
