import { ArrowDown, ArrowUp, Plus, X } from 'lucide-react';
import { moveItem, removeItem } from '../model/field-values.js';
import type { FieldDescriptor } from '../model/form-fields.js';
import { useFormContext } from './form-context.js';
import { SchemaField } from './schema-form.js';

type ListDescriptor = Extract<FieldDescriptor, { kind: 'list' }>;

/** A list: each item drawn by the same renderer, with buttons to move it up or down and remove it, and one to add an item. */
export function ListField({ field }: { field: ListDescriptor }) {
  const { change } = useFormContext();
  const items: readonly unknown[] = Array.isArray(field.value) ? field.value : [];
  const write = (next: unknown[]) => change(field.path, next);
  const full = field.max !== undefined && items.length >= field.max;
  return (
    <div className="field-children list">
      {field.items.length === 0 ? <p className="muted">None yet.</p> : null}
      {field.items.map((item, index) => (
        <SchemaField
          key={index}
          field={item}
          actions={
            <span className="item-actions">
              <button type="button" className="icon-button" aria-label={`Move item ${index + 1} up`} disabled={index === 0} onClick={() => write(moveItem(items, index, index - 1))}>
                <ArrowUp size={14} aria-hidden="true" />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={`Move item ${index + 1} down`}
                disabled={index === items.length - 1}
                onClick={() => write(moveItem(items, index, index + 1))}
              >
                <ArrowDown size={14} aria-hidden="true" />
              </button>
              <button type="button" className="icon-button" aria-label={`Remove item ${index + 1}`} onClick={() => write(removeItem(items, index))}>
                <X size={14} aria-hidden="true" />
              </button>
            </span>
          }
        />
      ))}
      <button type="button" className="button small" disabled={full} onClick={() => write([...items, structuredClone(field.newItem) ?? null])}>
        <Plus size={14} aria-hidden="true" /> Add
      </button>
      {full ? <span className="muted"> At most {field.max}.</span> : null}
    </div>
  );
}
