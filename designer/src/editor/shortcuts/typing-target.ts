const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false"]), .monaco-editor';

/** Whether a key press goes to something the user types into (fields, Monaco), where shortcuts must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(EDITABLE) !== null;
}

/** Whether a key press goes to a modal dialog, which handles its own keys. */
export function isInModalDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('[aria-modal="true"]') !== null;
}
