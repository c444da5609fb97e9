import type { NumberField } from '../../model/form-fields.js';
import { useFormContext } from '../form-context.js';
import { useEditSession } from '../use-edit-session.js';
import { NumberText } from './number-text.js';

/** A config number; an empty input removes the field. */
export function NumberInput({ field, inputId, invalid }: { field: NumberField; inputId: string; invalid: boolean }) {
  const { change } = useFormContext();
  const session = useEditSession();
  return (
    <NumberText
      id={inputId}
      value={typeof field.value === 'number' ? field.value : undefined}
      onChange={(value) => change(field.path, value)}
      integer={field.integer}
      placeholder={field.placeholder}
      invalid={invalid}
      {...session}
    />
  );
}
