import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useEditorStore } from '../store/editor-context.js';
import { SIDE_PANEL_MAX, SIDE_PANEL_MIN, clampSidePanelWidth } from './panel-preferences.js';

/** How far one arrow key press moves the border. */
const KEY_STEP = 16;

/**
 * The side panel's left border as a handle: drag it, or focus it and press the arrow keys (Home
 * and End for the narrowest and widest), to give the canvas or the panel more room. The width
 * stays within what keeps the canvas usable in this window.
 */
export function SidePanelResizer() {
  const { width, paletteOpen, setPanelLayout } = useEditorStore(useShallow((state) => ({ width: state.sidePanelWidth, paletteOpen: state.paletteOpen, setPanelLayout: state.setPanelLayout })));
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);
  const resize = (next: number) => setPanelLayout({ sidePanelWidth: clampSidePanelWidth(next, window.innerWidth, paletteOpen) });
  const max = clampSidePanelWidth(SIDE_PANEL_MAX, window.innerWidth, paletteOpen);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { startX: event.clientX, startWidth: width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    // The panel is on the right: moving the border left makes it wider.
    if (drag.current) resize(drag.current.startWidth + drag.current.startX - event.clientX);
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = { ArrowLeft: width + KEY_STEP, ArrowRight: width - KEY_STEP, Home: SIDE_PANEL_MIN, End: max }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    event.stopPropagation();
    resize(next);
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the side panel"
      aria-valuenow={width}
      aria-valuemin={SIDE_PANEL_MIN}
      aria-valuemax={max}
      tabIndex={0}
      className="side-panel-resizer"
      title="Drag to resize; arrow keys work too"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onKeyDown={onKeyDown}
    />
  );
}
