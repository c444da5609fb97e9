import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

/**
 * A modal form in a native `<dialog>`: focus moves into it and is trapped there, Escape and Cancel
 * close it, and the form's submit runs `onSubmit`.
 */
export function FormDialog({ title, submitLabel, busy, onSubmit, onClose, children }: { title: string; submitLabel: string; busy: boolean; onSubmit: () => void; onClose: () => void; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <dialog ref={dialog} className="inline-dialog" aria-labelledby={titleId} onClose={onClose}>
      <form onSubmit={submit}>
        <h2 id={titleId}>{title}</h2>
        {children}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {submitLabel}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
