/** Placeholder until built (see the editor briefs). */
export function EditorToolbar() {
  return null;
}
