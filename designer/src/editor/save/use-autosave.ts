/** Placeholder until built: saves the draft (debounced) with its revision. */
export function useAutosave(): void {}
