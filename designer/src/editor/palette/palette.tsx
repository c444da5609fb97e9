/** Placeholder until built (see the editor briefs). */
export function Palette() {
  return null;
}
