import type { z } from 'zod';

/**
 * A `when` option for a config's object-level refinement that reads only the fields `keys`: the
 * refinement then runs whenever those fields parsed, even when other fields did not. By default
 * zod skips refinements after any issue, and a field saved as a json-logic rule fails its schema
 * until the engine has evaluated it, so without this the designer would never show a
 * refinement's problem on a node that also holds an expression (such as a computed title).
 */
export function whenFieldsValid(keys: readonly string[]): (payload: z.core.ParsePayload) => boolean {
  const read = new Set<PropertyKey>(keys);
  return (payload) => {
    const value = payload.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    // Issues of the object itself (unknown keys) have no field path yet at this point.
    return payload.issues.every((issue) => {
      const [head] = issue.path ?? [];
      return head === undefined || !read.has(head);
    });
  };
}
