import { useEffect, type RefObject } from 'react';
import { fieldFor } from '../model/field-problems.js';
import { useEditorStore, useEditorStoreApi } from '../store/editor-context.js';

/** Frames to wait for a lazily loaded input (Monaco) to appear before giving up on focusing it. */
const FOCUS_TRIES = 30;

/**
 * Brings the field that `store.focusPath` names (a formatted path, e.g. `config.cases[1].rule`,
 * set by a clicked problem) into view in `root`, opening collapsed sections, highlighting it and
 * focusing its input; the deepest shown field holding the path is used. Clears the request.
 */
export function useFocusField(root: RefObject<HTMLElement | null>, fieldIds: readonly string[]): void {
  const store = useEditorStoreApi();
  const focusPath = useEditorStore((state) => state.focusPath);
  useEffect(() => {
    if (focusPath === null) return;
    store.getState().setFocusPath(null);
    const target = fieldFor(focusPath, fieldIds);
    const element = target === undefined ? undefined : [...(root.current?.querySelectorAll<HTMLElement>('[data-field-id]') ?? [])].find((candidate) => candidate.dataset.fieldId === target);
    if (!element) return;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (parent instanceof HTMLDetailsElement) parent.open = true;
    }
    element.scrollIntoView({ block: 'center' });
    element.classList.add('flash');
    window.setTimeout(() => element.classList.remove('flash'), 1600);
    focusInput(element, FOCUS_TRIES);
  }, [focusPath, fieldIds, root, store]);
}

function focusInput(element: HTMLElement, tries: number): void {
  const input = element.querySelector<HTMLElement>('input, select, textarea') ?? (tries === 0 ? element.querySelector<HTMLElement>('button') : null);
  if (input) input.focus({ preventScroll: true });
  else if (tries > 0) requestAnimationFrame(() => focusInput(element, tries - 1));
}
