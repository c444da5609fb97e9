import { copySelection, offsetTo, payloadOrigin, readClipboard, type ClipboardPayload } from '../model/clipboard.js';
import { freeSpot } from '../model/placement.js';
import type { EditorStore } from '../store/editor-store.js';

/**
 * The last copy, kept for when the system clipboard cannot be written or read (no permission, an
 * older browser). Module state on purpose: it outlives the editor page, so nodes copied in one
 * workflow paste into another even then.
 */
let lastCopy: { readonly text: string; readonly reachedSystem: boolean } | null = null;

/** The selected nodes (and the edges between them) as clipboard text, if anything is selected. */
export function selectionText(store: EditorStore): string | undefined {
  const { nodes, edges } = store.getState();
  const payload = copySelection(nodes, edges);
  return payload ? JSON.stringify(payload) : undefined;
}

/** Records a copy; `reachedSystem` says whether the system clipboard holds it too. */
export function rememberCopy(text: string, reachedSystem: boolean): void {
  lastCopy = { text, reachedSystem };
}

/**
 * What to paste given the system clipboard's text (null when it could not be read): our payload
 * when the clipboard holds one, otherwise the remembered copy if the clipboard is empty, unreadable,
 * or never received it. Someone else's text on the clipboard pastes nothing.
 */
export function payloadToPaste(clipboardText: string | null): ClipboardPayload | undefined {
  const fromSystem = clipboardText ? readClipboard(clipboardText) : undefined;
  if (fromSystem) return fromSystem;
  if (lastCopy && (!clipboardText || !lastCopy.reachedSystem)) return readClipboard(lastCopy.text);
  return undefined;
}

/** Pastes a payload with its top-left node at `at`, moved on while another node already sits there. */
export function pasteAt(store: EditorStore, payload: ClipboardPayload, at: { readonly x: number; readonly y: number }): void {
  const { nodes, paste } = store.getState();
  paste(payload, offsetTo(payload, freeSpot(nodes, at)));
}

/** Duplicates the selection next to itself (without touching the clipboard). */
export function duplicateSelection(store: EditorStore): void {
  const { nodes, edges } = store.getState();
  const payload = copySelection(nodes, edges);
  if (!payload) return;
  const origin = payloadOrigin(payload);
  pasteAt(store, payload, { x: origin.x + 40, y: origin.y + 40 });
}
