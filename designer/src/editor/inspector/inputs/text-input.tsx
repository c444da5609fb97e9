import type { TextField } from '../../model/form-fields.js';
import { useFormContext } from '../form-context.js';
import { useEditSession } from '../use-edit-session.js';

/** A one-line or multi-line text input; clearing an optional field removes it from the config. */
export function TextInput({ field, inputId, invalid }: { field: TextField; inputId: string; invalid: boolean }) {
  const { change } = useFormContext();
  const session = useEditSession();
  const value = typeof field.value === 'string' ? field.value : typeof field.value === 'number' || typeof field.value === 'boolean' ? String(field.value) : '';
  const props = {
    id: inputId,
    value,
    placeholder: field.placeholder,
    'aria-invalid': invalid || undefined,
    onChange: (event: { target: { value: string } }) => change(field.path, event.target.value === '' && field.optional ? undefined : event.target.value),
    ...session,
  };
  return field.kind === 'textarea' ? <textarea rows={3} {...props} /> : <input type="text" spellCheck={false} {...props} />;
}
