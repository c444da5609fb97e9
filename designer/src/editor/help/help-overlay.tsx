import { X } from 'lucide-react';
import { Fragment, useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { gesturesFor, shortcutsFor } from '../shortcuts/shortcut-table.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';
import type { EditorState } from '../store/editor-store.js';

const selectHelpOpen = (state: EditorState) => state.helpOpen;

/** A key combination as keycaps: `Ctrl/⌘` `Shift` `Z`. */
function Keys({ keys }: { keys: readonly string[] }) {
  return (
    <span className="keys">
      {keys.map((key, index) => (
        <Fragment key={key}>
          {index > 0 ? <span aria-hidden="true">+</span> : null}
          <kbd>{key}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

/**
 * The shortcut list as a modal dialog (the browser's own, so focus stays inside, the page behind is
 * inert and focus returns where it was). Escape, ?, the close button or a click outside close it.
 */
function HelpDialog() {
  const store = useEditorStoreApi();
  const readOnly = useEditorStore((state) => state.readOnly);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const close = () => dialog.current?.close();
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== '?') return;
    event.preventDefault();
    close();
  };
  // A click on the dialog element itself (not its content) is a click on the backdrop.
  const onClick = (event: MouseEvent) => {
    if (event.target === event.currentTarget) close();
  };

  return (
    <dialog ref={dialog} className="help-dialog" aria-modal="true" aria-labelledby="help-title" onClose={() => store.getState().setHelpOpen(false)} onKeyDown={onKeyDown} onClick={onClick}>
      <div className="help-content">
        <header className="help-header">
          <h2 id="help-title">Keyboard shortcuts</h2>
          <button type="button" className="button subtle help-close" aria-label="Close" onClick={close} autoFocus>
            <X size={16} aria-hidden="true" />
          </button>
        </header>
        <table className="help-table">
          <tbody>
            {shortcutsFor(readOnly).map((shortcut) => (
              <tr key={shortcut.command}>
                <td>
                  {shortcut.keys.map((keys, index) => (
                    <Fragment key={keys.join('+')}>
                      {index > 0 ? <span className="muted"> or </span> : null}
                      <Keys keys={keys} />
                    </Fragment>
                  ))}
                </td>
                <td>{shortcut.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Pointer</h3>
        <table className="help-table">
          <tbody>
            {gesturesFor(readOnly).map((entry) => (
              <tr key={entry.gesture}>
                <td>{entry.gesture}</td>
                <td>{entry.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted help-note">Shortcuts are off while you type in a field or the JSON editor.</p>
      </div>
    </dialog>
  );
}

/** The keyboard shortcut overlay, opened with ? or the toolbar's keyboard button. */
export function HelpOverlay() {
  const open = useEditorStore(selectHelpOpen);
  return open ? <HelpDialog /> : null;
}
