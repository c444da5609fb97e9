import { useId, useRef, useState, type FormEvent } from 'react';

/**
 * The name field and Create button. Creating without a name says why next to the field (and
 * moves the focus there) instead of doing nothing.
 */
export function CreateWorkflowForm({ pending, onCreate }: { pending: boolean; onCreate: (name: string) => void }) {
  const [name, setName] = useState('');
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      input.current?.focus();
      return;
    }
    onCreate(name.trim());
  };
  return (
    <form onSubmit={submit} className="inline-form create-form" noValidate>
      <input
        ref={input}
        placeholder="New workflow name"
        aria-label="New workflow name"
        value={name}
        maxLength={200}
        aria-invalid={missing || undefined}
        aria-describedby={missing ? hintId : undefined}
        onChange={(event) => {
          setName(event.target.value);
          if (event.target.value.trim()) setMissing(false);
        }}
      />
      <button type="submit" className="button primary" disabled={pending}>
        Create
      </button>
      {missing ? (
        <p id={hintId} role="alert" className="field-message error create-hint">
          Give the workflow a name first: it is how people find it in this list.
        </p>
      ) : null}
    </form>
  );
}
