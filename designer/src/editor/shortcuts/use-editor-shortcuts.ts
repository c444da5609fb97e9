import { useReactFlow, type XYPosition } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';
import { useViewport } from '../canvas/use-viewport.js';
import type { FlowEdge, FlowNode } from '../model/flow-graph.js';
import type { DraftSaver } from '../save/draft-saver.js';
import { useEditorStoreApi } from '../store/editor-context.js';
import { duplicateSelection, pasteAt, payloadToPaste, rememberCopy, selectionText } from './clipboard-bridge.js';
import { commandAvailable, commandFor, type EditorCommand } from './shortcut-table.js';
import { isInModalDialog, isTypingTarget } from './typing-target.js';

/**
 * Whether the user has selected text outside the canvas (in a panel), which Ctrl/⌘+C should copy
 * instead of nodes. A selection inside the canvas is a by-product of Shift+clicking nodes.
 */
function hasTextSelection(): boolean {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.toString().trim() === '') return false;
  const anchor = selection.anchorNode instanceof Element ? selection.anchorNode : selection.anchorNode?.parentElement;
  return !anchor?.closest('.react-flow');
}

/** Writes through the async clipboard API, for browsers that fire no `copy` event without a text selection. */
function writeSystemClipboard(text: string): void {
  rememberCopy(text, false);
  navigator.clipboard?.writeText(text).then(
    () => rememberCopy(text, true),
    () => undefined,
  );
}

/**
 * The editor's keyboard shortcuts (see `SHORTCUTS`), active while the canvas is shown and ignored
 * while typing in fields or Monaco; a read-only editor answers only those that change nothing, and
 * `saver` (absent read-only) is what Ctrl/⌘+S flushes. Copy, cut and paste go through the page's clipboard events, which
 * need no permission and reach other tabs and workflows; where a browser fires none, the async
 * clipboard API and a remembered copy stand in. `pointer` is the last pointer position over the
 * canvas (screen coordinates), where pasted nodes land; null pastes in the middle of the canvas.
 */
export function useEditorShortcuts(pointer: RefObject<XYPosition | null>, saver: DraftSaver | null): void {
  const { screenToFlowPosition } = useReactFlow<FlowNode, FlowEdge>();
  const viewport = useViewport();
  const store = useEditorStoreApi();

  useEffect(() => {
    const { readOnly } = store.getState();
    const pastePosition = () => (pointer.current ? screenToFlowPosition(pointer.current) : viewport.centre());
    let copyEventSeen = false;
    let pasteEventSeen = false;

    const ignored = (event: Event) => isTypingTarget(event.target) || isInModalDialog(event.target);

    const onCopy = (event: ClipboardEvent) => {
      copyEventSeen = true;
      if (ignored(event) || hasTextSelection() || !event.clipboardData) return;
      const cut = event.type === 'cut';
      if (cut && !commandAvailable('cut', readOnly)) return;
      const text = selectionText(store);
      if (!text) return;
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
      rememberCopy(text, true);
      if (cut) store.getState().deleteSelected();
    };

    const onPaste = (event: ClipboardEvent) => {
      pasteEventSeen = true;
      if (ignored(event) || !commandAvailable('paste', readOnly)) return;
      const payload = payloadToPaste(event.clipboardData?.getData('text/plain') ?? null);
      if (!payload) return;
      event.preventDefault();
      pasteAt(store, payload, pastePosition());
    };

    /** Runs after the key's default action: when no clipboard event came, the browser fired none. */
    const afterClipboardKey = (command: 'copy' | 'cut' | 'paste') => {
      copyEventSeen = false;
      pasteEventSeen = false;
      setTimeout(() => {
        if (command === 'paste' && !pasteEventSeen) {
          const read = navigator.clipboard ? navigator.clipboard.readText().catch(() => null) : Promise.resolve(null);
          void read.then((text) => {
            const payload = payloadToPaste(text);
            if (payload) pasteAt(store, payload, pastePosition());
          });
        } else if (command !== 'paste' && !copyEventSeen) {
          const text = selectionText(store);
          if (!text) return;
          writeSystemClipboard(text);
          if (command === 'cut') store.getState().deleteSelected();
        }
      }, 0);
    };

    const run: Record<Exclude<EditorCommand, 'copy' | 'cut' | 'paste'>, () => void> = {
      undo: store.history.undo,
      redo: store.history.redo,
      save: () => void saver?.flushSave(),
      duplicate: () => duplicateSelection(store),
      delete: () => store.getState().deleteSelected(),
      selectAll: () => store.getState().selectAll(),
      layout: viewport.layout,
      fitView: viewport.fitView,
      zoomIn: viewport.zoomIn,
      zoomOut: viewport.zoomOut,
      help: () => store.getState().toggleHelp(),
      escape: () => {
        const state = store.getState();
        if (state.helpOpen) state.setHelpOpen(false);
        else state.selectNode(null);
      },
    };

    const onKeyDown = (event: KeyboardEvent) => {
      const command = commandFor(event);
      // Saving works from anywhere, fields included; every other shortcut leaves typing alone.
      if (!command || !commandAvailable(command, readOnly) || event.defaultPrevented || (command !== 'save' && ignored(event))) return;
      if (command === 'copy' || command === 'cut' || command === 'paste') {
        // No preventDefault: the browser's copy/cut/paste event is what carries the clipboard.
        afterClipboardKey(command);
        return;
      }
      event.preventDefault();
      run[command]();
    };

    window.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [pointer, saver, screenToFlowPosition, store, viewport]);
}
