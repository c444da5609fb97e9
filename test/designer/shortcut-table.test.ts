import { describe, expect, it } from 'vitest';
import { GESTURES, SHORTCUTS, commandAvailable, commandFor, gesturesFor, shortcutsFor, type KeyPress } from '../../designer/src/editor/shortcuts/shortcut-table.js';

function press(key: string, modifiers: Partial<KeyPress> = {}): KeyPress {
  const code = /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key;
  return { key, code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...modifiers };
}

describe('commandFor', () => {
  it('maps the history keys on every platform', () => {
    expect(commandFor(press('z', { ctrlKey: true }))).toBe('undo');
    expect(commandFor(press('z', { metaKey: true }))).toBe('undo');
    expect(commandFor(press('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(commandFor(press('Z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(commandFor(press('y', { ctrlKey: true }))).toBe('redo');
  });

  it('maps the clipboard, duplicate and select-all keys', () => {
    expect(commandFor(press('c', { ctrlKey: true }))).toBe('copy');
    expect(commandFor(press('x', { metaKey: true }))).toBe('cut');
    expect(commandFor(press('v', { ctrlKey: true }))).toBe('paste');
    expect(commandFor(press('d', { ctrlKey: true }))).toBe('duplicate');
    expect(commandFor(press('a', { metaKey: true }))).toBe('selectAll');
    expect(commandFor(press('s', { ctrlKey: true }))).toBe('save');
    expect(commandFor(press('s', { metaKey: true }))).toBe('save');
  });

  it('maps the single keys', () => {
    expect(commandFor(press('Delete'))).toBe('delete');
    expect(commandFor(press('Backspace'))).toBe('delete');
    expect(commandFor(press('L', { shiftKey: true }))).toBe('layout');
    expect(commandFor(press('f'))).toBe('fitView');
    expect(commandFor(press('?', { shiftKey: true }))).toBe('help');
    expect(commandFor(press('Escape'))).toBe('escape');
    expect(commandFor(press('+', { shiftKey: true }))).toBe('zoomIn');
    expect(commandFor(press('-'))).toBe('zoomOut');
  });

  it('works by physical key on non-Latin layouts', () => {
    expect(commandFor({ ...press('я', { ctrlKey: true }), code: 'KeyZ' })).toBe('undo');
  });

  it('leaves other keys alone', () => {
    expect(commandFor(press('l'))).toBeUndefined();
    expect(commandFor(press('F', { shiftKey: true }))).toBeUndefined();
    expect(commandFor(press('z', { ctrlKey: true, altKey: true }))).toBeUndefined();
    expect(commandFor(press('c', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
    expect(commandFor(press('q', { ctrlKey: true }))).toBeUndefined();
  });

  it('lists every command in the help table once', () => {
    const commands = SHORTCUTS.map((shortcut) => shortcut.command);
    expect(new Set(commands).size).toBe(commands.length);
    expect(commands).toEqual(expect.arrayContaining(['undo', 'redo', 'copy', 'paste', 'duplicate', 'delete', 'selectAll', 'layout', 'fitView', 'help', 'escape']));
  });
});

describe('a read-only editor', () => {
  it('answers only the shortcuts that change nothing, and lists only those', () => {
    const readOnly = shortcutsFor(true).map((shortcut) => shortcut.command);
    expect(readOnly).toEqual(['copy', 'selectAll', 'fitView', 'zoomIn', 'zoomOut', 'help', 'escape']);
    for (const command of ['save', 'undo', 'redo', 'cut', 'paste', 'duplicate', 'delete', 'layout'] as const) expect(commandAvailable(command, true), command).toBe(false);
    expect(shortcutsFor(false)).toEqual(SHORTCUTS);
  });

  it('lists no gesture that edits', () => {
    expect(gesturesFor(true).map((entry) => entry.gesture)).toEqual(['Click, Shift/Ctrl+click', 'Shift+drag on the canvas', 'Drag on the canvas, Space+drag', 'Scroll, pinch']);
    expect(gesturesFor(false)).toEqual(GESTURES);
  });
});
