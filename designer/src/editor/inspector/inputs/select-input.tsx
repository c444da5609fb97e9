import type { SelectField } from '../../model/form-fields.js';
import { useFormContext } from '../form-context.js';

/** A choice among an enum's values; the default is marked, and a value that is not a choice is shown as such. */
export function SelectInput({ field, inputId, invalid }: { field: SelectField; inputId: string; invalid: boolean }) {
  const { change } = useFormContext();
  const current = field.value === undefined ? field.defaultValue : field.value;
  const index = field.options.findIndex((option) => option === current);
  const blank = index < 0 || (field.value === undefined && field.defaultValue === undefined);
  return (
    <select
      id={inputId}
      value={blank ? '' : JSON.stringify(field.options[index])}
      aria-invalid={invalid || undefined}
      onChange={(event) => change(field.path, event.target.value === '' ? undefined : field.options.find((option) => JSON.stringify(option) === event.target.value))}
    >
      {blank ? <option value="">{current === undefined ? '— choose —' : `${JSON.stringify(current)} (not a choice)`}</option> : null}
      {field.options.map((option) => (
        <option key={JSON.stringify(option)} value={JSON.stringify(option)}>
          {String(option)}
          {option === field.defaultValue ? ' (default)' : ''}
        </option>
      ))}
    </select>
  );
}
