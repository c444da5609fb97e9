import { Plus, X } from 'lucide-react';
import { useState } from 'react';
import { removeKey, renameKey } from '../model/field-values.js';
import type { FieldDescriptor } from '../model/form-fields.js';
import { isPlainObject } from '../model/zod-introspection.js';
import { FieldMessages } from './field-messages.js';
import { useFormContext } from './form-context.js';
import { FieldInput } from './schema-form.js';

type KeyValueDescriptor = Extract<FieldDescriptor, { kind: 'keyValue' }>;

/** A map (record): one row per entry with its key and its value (drawn by the same renderer), and a row to add an entry. */
export function KeyValueField({ field }: { field: KeyValueDescriptor }) {
  const { change, problems } = useFormContext();
  const entries = isPlainObject(field.value) ? field.value : {};
  const [newKey, setNewKey] = useState('');
  const taken = Object.hasOwn(entries, newKey);
  const add = () => {
    if (newKey === '' || taken) return;
    change(field.path, { ...entries, [newKey]: structuredClone(field.newValue) ?? '' });
    setNewKey('');
  };
  return (
    <div className="field-children key-value">
      {field.entries.map((entry) => {
        const key = String(entry.path.at(-1));
        const own = problems.get(entry.id) ?? [];
        return (
          <div key={key} className="key-value-entry" data-field-id={entry.id}>
            <div className="key-value-key">
              <KeyInput name={key} taken={(name) => name !== key && Object.hasOwn(entries, name)} onRename={(name) => change(field.path, renameKey(entries, key, name))} />
              <button type="button" className="icon-button" aria-label={`Remove ${key}`} onClick={() => change(field.path, removeKey(entries, key))}>
                <X size={14} aria-hidden="true" />
              </button>
            </div>
            <label className="sr-only" htmlFor={`${entry.id}-value`}>
              Value of {key}
            </label>
            <FieldInput field={entry} inputId={`${entry.id}-value`} invalid={own.length > 0} />
            <FieldMessages fieldId={entry.id} problems={own} />
          </div>
        );
      })}
      <div className="key-value-add">
        <input
          type="text"
          value={newKey}
          placeholder={field.placeholder ?? 'name'}
          aria-label={`New ${field.label} entry`}
          spellCheck={false}
          onChange={(event) => setNewKey(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button small" disabled={newKey === '' || taken} onClick={add}>
          <Plus size={14} aria-hidden="true" /> Add
        </button>
      </div>
      {taken ? <p className="field-message error">&quot;{newKey}&quot; is already there.</p> : null}
    </div>
  );
}

/** An entry's key, renamed when the input is left or Enter pressed (so typing does not rebuild the map per keystroke). */
function KeyInput({ name, taken, onRename }: { name: string; taken: (name: string) => boolean; onRename: (name: string) => void }) {
  const [draft, setDraft] = useState(name);
  const [shown, setShown] = useState(name);
  if (name !== shown) {
    setShown(name);
    setDraft(name);
  }
  const clash = draft !== name && taken(draft);
  const commit = () => {
    if (draft === '' || clash) setDraft(name);
    else if (draft !== name) onRename(draft);
  };
  return (
    <input
      type="text"
      className="key-input"
      value={draft}
      aria-label={`Name of entry ${name}`}
      aria-invalid={clash || undefined}
      title={clash ? `"${draft}" is already there` : undefined}
      spellCheck={false}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
      }}
    />
  );
}
