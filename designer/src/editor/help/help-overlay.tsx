/** Placeholder until built (see the editor briefs). */
export function HelpOverlay() {
  return null;
}
