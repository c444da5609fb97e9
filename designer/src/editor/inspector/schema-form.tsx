import { memo, useId, type ReactNode } from 'react';
import type { FieldDescriptor } from '../model/form-fields.js';
import { ExpressionField } from './expression-field.js';
import { FieldMessages } from './field-messages.js';
import { useFormContext } from './form-context.js';
import { CredentialSelect } from './inputs/credential-select.js';
import { NumberInput } from './inputs/number-input.js';
import { SelectInput } from './inputs/select-input.js';
import { SwitchInput } from './inputs/switch-input.js';
import { TextInput } from './inputs/text-input.js';
import { KeyValueField } from './key-value-field.js';
import { DeferredCodeField } from './deferred-code-field.js';
import { ListField } from './list-field.js';
import { ObjectField } from './object-field.js';

/** The visible fields of a form, each drawn by {@link SchemaField}. */
export function SchemaForm({ fields }: { fields: readonly FieldDescriptor[] }) {
  return <>{fields.map((field) => (field.visible ? <SchemaField key={field.id} field={field} /> : null))}</>;
}

/** Kinds drawn as a group of inputs (a fieldset with a legend) rather than one labelled input. */
const GROUPS: ReadonlySet<FieldDescriptor['kind']> = new Set(['list', 'object', 'keyValue']);

/**
 * One field: its label, its input, its help text and the validator's messages about it. Found by
 * `data-field-id` when a problem asks for it to be focused. Memoised, which spares renders of the
 * inspector that leave the node alone; an edit rebuilds the node's descriptors (`describeForm`) and
 * so redraws all its fields.
 */
export const SchemaField = memo(function SchemaField({ field, actions }: { field: FieldDescriptor; actions?: ReactNode }) {
  const inputId = useId();
  const { problems } = useFormContext();
  const own = problems.get(field.id) ?? [];
  const group = GROUPS.has(field.kind);
  const Container = group ? 'fieldset' : 'div';
  return (
    <Container className={`field field-${field.kind}${own.length > 0 ? ' has-problems' : ''}`} data-field-id={field.id}>
      <div className="field-head">
        {group ? <legend>{field.label}</legend> : <label htmlFor={inputId}>{field.label}</label>}
        {field.optional ? null : (
          <span className="field-required" title="Required">
            *
          </span>
        )}
        {actions}
      </div>
      {group && field.help ? <p className="field-help">{field.help}</p> : null}
      <FieldInput field={field} inputId={inputId} invalid={own.length > 0} />
      {!group && field.help ? <p className="field-help">{field.help}</p> : null}
      <FieldMessages fieldId={field.id} problems={own} />
    </Container>
  );
});

/**
 * The input for a field: the one switch over field kinds (which `describeForm` derives from the
 * zod kinds and `ui.widget` hints). No node type is ever special-cased here.
 */
export function FieldInput({ field, inputId, invalid }: { field: FieldDescriptor; inputId: string; invalid: boolean }) {
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return <TextInput field={field} inputId={inputId} invalid={invalid} />;
    case 'credential':
      return <CredentialSelect field={field} inputId={inputId} invalid={invalid} />;
    case 'number':
      return <NumberInput field={field} inputId={inputId} invalid={invalid} />;
    case 'select':
      return <SelectInput field={field} inputId={inputId} invalid={invalid} />;
    case 'switch':
      return <SwitchInput field={field} inputId={inputId} />;
    case 'json':
      return <DeferredCodeField field={field} language="json" />;
    case 'expression':
      return <ExpressionField field={field} inputId={inputId} invalid={invalid} />;
    case 'list':
      return <ListField field={field} />;
    case 'object':
      return <ObjectField field={field} />;
    case 'keyValue':
      return <KeyValueField field={field} />;
  }
}
