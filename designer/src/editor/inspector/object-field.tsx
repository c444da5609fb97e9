import type { FieldDescriptor } from '../model/form-fields.js';
import { useFormContext } from './form-context.js';
import { SchemaForm } from './schema-form.js';

type ObjectDescriptor = Extract<FieldDescriptor, { kind: 'object' }>;

/** A nested object's fields; an optional object can be turned on (with its initial value) and off (left out). */
export function ObjectField({ field }: { field: ObjectDescriptor }) {
  const { change } = useFormContext();
  const present = field.value !== undefined;
  return (
    <div className="field-children">
      {field.optional ? (
        <label className="inline-switch">
          <input type="checkbox" role="switch" className="switch" checked={present} onChange={(event) => change(field.path, event.target.checked ? field.initial : undefined)} />
          {present ? 'On' : 'Off'}
        </label>
      ) : null}
      {present || !field.optional ? <SchemaForm fields={field.fields} /> : null}
    </div>
  );
}
