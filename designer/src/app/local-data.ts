/** The prefix of every key the designer keeps in Web Storage (unsaved edits, sample inputs). */
const PREFIX = 'flowgate.';

/**
 * Forgets what the designer kept in this browser for the signed-in person: unsaved edits and
 * sample inputs hold workflow data, which the next person at a shared computer must not find.
 */
export function forgetLocalData(): void {
  try {
    const storage = window.localStorage;
    const keys = Array.from({ length: storage.length }, (_, index) => storage.key(index)).filter((key): key is string => key?.startsWith(PREFIX) === true);
    for (const key of keys) storage.removeItem(key);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
