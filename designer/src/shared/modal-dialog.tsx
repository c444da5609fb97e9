import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal dialog (the native `<dialog>`, opened with `showModal`): focus moves into it and stays
 * there, the page behind is inert, Escape closes it, and it is named by its title.
 */
export function ModalDialog({ title, onClose, className, children }: { title: string; onClose: () => void; className?: string; children: ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={['modal-dialog', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
