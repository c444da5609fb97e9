import { useState } from 'react';

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

interface NumberTextProps {
  readonly value: number | undefined;
  readonly onChange: (value: number | undefined) => void;
  readonly integer?: boolean;
  readonly id?: string;
  readonly placeholder?: string;
  readonly invalid?: boolean;
  readonly label?: string;
  readonly onFocus?: () => void;
  readonly onBlur?: () => void;
}

/**
 * A number typed as text: keeps what is being typed ("1.", "-") while it is not a number yet and
 * reports every complete number; an empty input reports undefined.
 */
export function NumberText({ value, onChange, integer = false, id, placeholder, invalid = false, label, onFocus, onBlur }: NumberTextProps) {
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    // Changed elsewhere (undo, the JSON view): show the new value unless the draft already says it.
    setShown(value);
    if (Number(draft) !== value || draft.trim() === '') setDraft(value === undefined ? '' : String(value));
  }
  const notNumber = draft.trim() !== '' && !NUMBER.test(draft.trim());
  return (
    <>
      <input
        id={id}
        type="text"
        inputMode={integer ? 'numeric' : 'decimal'}
        value={draft}
        placeholder={placeholder}
        aria-label={label}
        aria-invalid={invalid || notNumber || undefined}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          const trimmed = text.trim();
          if (trimmed === '') onChange(undefined);
          else if (NUMBER.test(trimmed)) onChange(Number(trimmed));
        }}
        onFocus={onFocus}
        onBlur={onBlur}
      />
      {notNumber ? <p className="field-message error">Enter a number{integer ? ' (whole)' : ''}; this is not saved yet.</p> : null}
    </>
  );
}
