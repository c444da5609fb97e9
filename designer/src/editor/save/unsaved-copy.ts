/** Edits that could not be saved, kept in localStorage until they are saved or discarded. */
export interface UnsavedCopy {
  /** The local draft. */
  readonly json: string;
  /** The saved draft it is based on, and that draft's revision. */
  readonly baseJson: string;
  readonly baseRevision: number;
}

const unsavedKey = (tenantId: string, workflowId: string) => `flowgate.unsaved.${tenantId}.${workflowId}`;

/** The part of Web Storage used here; structural, since tests type-check this module without DOM types. */
interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): KeyValueStorage | undefined {
  try {
    // Reading localStorage throws where storage is disabled.
    return (globalThis as { localStorage?: KeyValueStorage }).localStorage;
  } catch {
    return undefined;
  }
}

/** Keeps a copy of a workflow's unsaved edits (the page may close before they can be saved). */
export function keepUnsavedCopy(tenantId: string, workflowId: string, copy: UnsavedCopy): void {
  try {
    storage()?.setItem(unsavedKey(tenantId, workflowId), JSON.stringify(copy));
  } catch {
    // Storage full or disabled: the leave-page warning still stands.
  }
}

/** Drops the kept copy (saved, or discarded by the user). */
export function forgetUnsaved(tenantId: string, workflowId: string): void {
  try {
    storage()?.removeItem(unsavedKey(tenantId, workflowId));
  } catch {
    // Nothing kept.
  }
}

/** The kept copy of a workflow's unsaved edits, if any. */
export function readUnsaved(tenantId: string, workflowId: string): UnsavedCopy | null {
  try {
    const text = storage()?.getItem(unsavedKey(tenantId, workflowId));
    return text ? (JSON.parse(text) as UnsavedCopy) : null;
  } catch {
    return null;
  }
}
