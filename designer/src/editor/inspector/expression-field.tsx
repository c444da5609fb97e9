import { useState } from 'react';
import { isRule } from '../../../../runtime/expressions/index.js';
import { expressionModes, fitsLiteral, initialExpressionMode, type ExpressionMode } from '../model/expression-modes.js';
import type { FieldDescriptor } from '../model/form-fields.js';
import { ConditionBuilder } from './condition-builder.js';
import { DeferredCodeField } from './deferred-code-field.js';
import { FieldInput } from './schema-form.js';

type ExpressionDescriptor = Extract<FieldDescriptor, { kind: 'expression' }>;

const MODE_LABELS: Record<ExpressionMode, string> = { literal: 'Value', builder: 'Builder', raw: 'JSON-logic' };

/** A mode's name on its switch: plain text is "Text" where the field could also hold other JSON. */
function modeLabel(mode: ExpressionMode, field: ExpressionDescriptor): string {
  return mode === 'literal' && field.literal?.kind === 'text' && field.literal.stringsOnly ? 'Text' : MODE_LABELS[mode];
}

/**
 * A field that may hold json-logic: a plain value in its own input (text, number...), a condition
 * in the builder, or raw json-logic in Monaco, with a switch between the modes the field offers.
 */
export function ExpressionField({ field, inputId, invalid }: { field: ExpressionDescriptor; inputId: string; invalid: boolean }) {
  const modes = expressionModes(field);
  const [mode, setMode] = useState<ExpressionMode>(() => initialExpressionMode(field));
  const literal = field.literal;
  const literalFits = literal !== undefined && (field.value === undefined || fitsLiteral(literal, field.value));
  return (
    <div className="expression-field">
      {modes.length > 1 ? (
        <div className="mode-switch" role="group" aria-label={`How to enter ${field.label}`}>
          {modes.map((candidate) => (
            <button key={candidate} type="button" aria-pressed={candidate === mode} className={candidate === mode ? 'active' : ''} onClick={() => setMode(candidate)}>
              {modeLabel(candidate, field)}
            </button>
          ))}
        </div>
      ) : null}
      {mode === 'literal' && literal ? (
        <>
          <FieldInput field={literalFits ? literal : { ...literal, value: undefined }} inputId={inputId} invalid={invalid} />
          {literalFits ? null : <p className="field-message muted">This field holds {isRule(field.value) ? 'an expression' : 'another kind of value'}; a value entered here replaces it.</p>}
        </>
      ) : null}
      {mode === 'builder' ? <ConditionBuilder field={field} onRaw={() => setMode('raw')} /> : null}
      {mode === 'raw' ? <DeferredCodeField field={field} language="jsonLogic" /> : null}
    </div>
  );
}
