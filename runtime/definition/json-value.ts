/** A value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (the shape of node outputs built from field maps, run inputs, params). */
export type JsonObject = { [key: string]: JsonValue };
