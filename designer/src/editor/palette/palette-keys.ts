import type { KeyboardEvent } from 'react';

/** The palette's focus stops: entries and system headings, leaving out entries of collapsed systems. */
function focusStops(palette: Element | null): HTMLElement[] {
  const candidates = [...(palette?.querySelectorAll<HTMLElement>('.palette-entry, .palette-system-summary') ?? [])];
  return candidates.filter((element) => element.classList.contains('palette-system-summary') || element.closest('details:not([open])') === null);
}

/** Arrow keys move between palette entries and system headings (Tab leaves the list). */
export function moveFocus(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const stops = focusStops(event.currentTarget.closest('.palette'));
  const next = stops[stops.indexOf(event.currentTarget) + (event.key === 'ArrowDown' ? 1 : -1)];
  if (!next) return;
  event.preventDefault();
  next.focus();
}
