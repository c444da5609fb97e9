/** What a keyboard shortcut does in the editor. */
export type EditorCommand =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'selectAll'
  | 'layout'
  | 'fitView'
  | 'zoomIn'
  | 'zoomOut'
  | 'help'
  | 'save'
  | 'escape';

/** The parts of a keyboard event a shortcut looks at (a DOM `KeyboardEvent` has them all). */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** One entry of the shortcut list: the keys as the help overlay shows them, and what they do. */
export interface Shortcut {
  readonly command: EditorCommand;
  /** Alternative key combinations, each a list of keys pressed together. */
  readonly keys: readonly (readonly string[])[];
  readonly description: string;
}

/** `Ctrl` on Windows and Linux, `⌘` on macOS: shown as both, since either works. */
const MOD = 'Ctrl/⌘';

/** Every editor shortcut, in the order the help overlay lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'save', keys: [[MOD, 'S']], description: 'Save the draft now (it also saves by itself as you edit)' },
  { command: 'undo', keys: [[MOD, 'Z']], description: 'Undo' },
  { command: 'redo', keys: [[MOD, 'Shift', 'Z'], ['Ctrl', 'Y']], description: 'Redo' },
  { command: 'copy', keys: [[MOD, 'C']], description: 'Copy the selected nodes (also into another workflow)' },
  { command: 'cut', keys: [[MOD, 'X']], description: 'Cut the selected nodes' },
  { command: 'paste', keys: [[MOD, 'V']], description: 'Paste at the pointer' },
  { command: 'duplicate', keys: [[MOD, 'D']], description: 'Duplicate the selected nodes' },
  { command: 'delete', keys: [['Delete'], ['Backspace']], description: 'Delete the selected nodes and connections' },
  { command: 'selectAll', keys: [[MOD, 'A']], description: 'Select everything' },
  { command: 'layout', keys: [['Shift', 'L']], description: 'Arrange the workflow left to right' },
  { command: 'fitView', keys: [['F']], description: 'Fit the workflow into view' },
  { command: 'zoomIn', keys: [['+']], description: 'Zoom in' },
  { command: 'zoomOut', keys: [['-']], description: 'Zoom out' },
  { command: 'help', keys: [['?']], description: 'Show or hide this list' },
  { command: 'escape', keys: [['Esc']], description: 'Close this list, or clear the selection' },
];

/** What a read-only editor still does: nothing that changes the workflow (copying out of it is fine). */
const READ_ONLY_COMMANDS: ReadonlySet<EditorCommand> = new Set(['copy', 'selectAll', 'fitView', 'zoomIn', 'zoomOut', 'help', 'escape']);

/** Whether a command works in an editor that is read-only (`readOnly`) or not. */
export function commandAvailable(command: EditorCommand, readOnly: boolean): boolean {
  return !readOnly || READ_ONLY_COMMANDS.has(command);
}

/** The shortcuts the help overlay lists for an editor that is read-only or not. */
export function shortcutsFor(readOnly: boolean): readonly Shortcut[] {
  return SHORTCUTS.filter((shortcut) => commandAvailable(shortcut.command, readOnly));
}

/** Pointer gestures, listed in the help overlay next to the keys. */
export const GESTURES: readonly { readonly gesture: string; readonly description: string }[] = [
  { gesture: 'Drag from the palette', description: 'Add a node where you drop it (or press Enter on an entry to add it in the middle)' },
  { gesture: 'Drag from an output to an input', description: 'Connect two nodes; a refused connection says why' },
  { gesture: 'Click, Shift/Ctrl+click', description: 'Select a node or connection, add to the selection' },
  { gesture: 'Shift+drag on the canvas', description: 'Select everything in a box' },
  { gesture: 'Drag on the canvas, Space+drag', description: 'Pan' },
  { gesture: 'Scroll, pinch', description: 'Zoom' },
  { gesture: 'Arrow keys on a focused node', description: 'Move the selected nodes' },
];

/** Gestures that change the workflow (not offered read-only). */
const EDITING_GESTURES: ReadonlySet<string> = new Set(['Drag from the palette', 'Drag from an output to an input', 'Arrow keys on a focused node']);

/** The gestures the help overlay lists for an editor that is read-only or not. */
export function gesturesFor(readOnly: boolean): readonly (typeof GESTURES)[number][] {
  return readOnly ? GESTURES.filter((entry) => !EDITING_GESTURES.has(entry.gesture)) : GESTURES;
}

/** Commands of Ctrl/⌘ plus a letter (without Shift). */
const WITH_MOD: Readonly<Record<string, EditorCommand>> = { c: 'copy', x: 'cut', v: 'paste', d: 'duplicate', a: 'selectAll', s: 'save' };

/**
 * The letter a key press means, on any keyboard layout: the typed letter when it is a Latin one
 * (so AZERTY's Z is Z), otherwise the physical key (so Ctrl+Z works on a Cyrillic layout too).
 */
function letter(event: KeyPress): string {
  if (/^[a-z]$/i.test(event.key)) return event.key.toLowerCase();
  return event.code.startsWith('Key') ? event.code.slice(3).toLowerCase() : '';
}

/** The command a key press asks for, if any. */
export function commandFor(event: KeyPress): EditorCommand | undefined {
  if (event.altKey) return undefined;
  const mod = event.ctrlKey || event.metaKey;
  const key = letter(event);
  if (mod) {
    if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
    if (event.shiftKey) return undefined;
    if (key === 'y' && event.ctrlKey) return 'redo';
    return WITH_MOD[key];
  }
  if (event.key === 'Delete' || event.key === 'Backspace') return 'delete';
  if (event.key === 'Escape') return 'escape';
  if (event.key === '?') return 'help';
  if (event.key === '+' || event.key === '=') return 'zoomIn';
  if (event.key === '-') return 'zoomOut';
  if (key === 'l' && event.shiftKey) return 'layout';
  if (key === 'f' && !event.shiftKey) return 'fitView';
  return undefined;
}
