const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false"]), .monaco-editor';

/** Whether a key press goes to something the user types into (fields, Monaco), where shortcuts must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(EDITABLE) !== null;
}

/**
 * Whether a key press goes to a modal dialog, which handles its own keys (Escape closes it): a
 * `<dialog>` opened with `showModal()` (`:modal`), or an element marked `aria-modal`.
 */
export function isInModalDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('dialog:modal, [aria-modal="true"]') !== null;
}
