import type { SwitchField } from '../../model/form-fields.js';
import { useFormContext } from '../form-context.js';

/** An on/off switch; a field left out shows its default. */
export function SwitchInput({ field, inputId }: { field: SwitchField; inputId: string }) {
  const { change } = useFormContext();
  const checked = Boolean(field.value === undefined ? field.defaultValue : field.value);
  return <input id={inputId} type="checkbox" role="switch" className="switch" checked={checked} onChange={(event) => change(field.path, event.target.checked)} />;
}
