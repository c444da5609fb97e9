/** The most search attributes one run holds; a name beyond the twentieth is not stored. */
export const MAX_SEARCH_ATTRIBUTES = 20;

/** The longest business key and attribute value, in characters. */
export const MAX_SEARCH_VALUE_CHARS = 200;

/** What an attribute may be called: a letter, then letters, digits, `_`, `.` or `-` (64 characters at most). */
export const SEARCH_ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** A run's business key and search attributes as stored: every value text. */
export interface SearchAttributeChange {
  /** The run's business key (an order or invoice number); left as it is when undefined. */
  readonly businessKey?: string;
  /** Attributes to set (a name already set takes the new value). */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * A business key or attribute value as stored text: a string as it is, a finite number or a
 * boolean as its JSON text. Throws a message naming `what` for anything else, an empty string,
 * or text over {@link MAX_SEARCH_VALUE_CHARS}.
 */
export function searchValueText(value: unknown, what: string): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') text = String(value);
  else throw new Error(`${what} must be a string, a number or a boolean (it is ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value})`);
  if (text.length === 0) throw new Error(`${what} is empty`);
  if (text.length > MAX_SEARCH_VALUE_CHARS) throw new Error(`${what} is longer than ${MAX_SEARCH_VALUE_CHARS} characters`);
  return text;
}

/** Why `name` cannot name a search attribute, or undefined when it can. */
export function searchAttributeNameProblem(name: string): string | undefined {
  return SEARCH_ATTRIBUTE_NAME.test(name)
    ? undefined
    : `"${name.slice(0, 80)}" is not an attribute name: a letter, then letters, digits, "_", "." or "-" (64 characters at most)`;
}
