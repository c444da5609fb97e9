import { useMemo } from 'react';
import './run-trace.css';

/** Largest JSON shown in full; longer values are cut (the run API has all of it). */
const MAX_CHARS = 20_000;

/** A labelled, read-only JSON value (input, output) of a run or step. */
export function JsonBlock({ label, value }: { label: string; value: unknown }) {
  const text = useMemo(() => {
    const json = value === undefined ? 'undefined' : JSON.stringify(value, null, 2);
    return json.length > MAX_CHARS ? `${json.slice(0, MAX_CHARS)}\n… (${json.length - MAX_CHARS} more characters)` : json;
  }, [value]);
  return (
    <figure className="json-block">
      <figcaption>{label}</figcaption>
      <pre aria-label={label} tabIndex={0}>
        {text}
      </pre>
    </figure>
  );
}
