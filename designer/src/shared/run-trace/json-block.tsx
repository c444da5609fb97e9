import { useMemo, useState } from 'react';
import { api } from '../../app/api-client.js';
import { errorMessage } from '../../app/error-message.js';
import './run-trace.css';

/** Largest JSON shown in full; longer values are cut (the run API has all of it). */
const MAX_CHARS = 20_000;

/** A body the run API cut (over 256 KiB): its size, the start of its JSON and where it is served whole. */
interface CutBody {
  readonly truncated: true;
  readonly bytes: number;
  readonly preview: string;
  readonly href: string;
}

function isCutBody(value: unknown): value is CutBody {
  if (value === null || typeof value !== 'object') return false;
  const body = value as Record<string, unknown>;
  return body.truncated === true && typeof body.bytes === 'number' && typeof body.preview === 'string' && typeof body.href === 'string';
}

function jsonText(value: unknown): string {
  const json = value === undefined ? 'undefined' : JSON.stringify(value, null, 2);
  return json.length > MAX_CHARS ? `${json.slice(0, MAX_CHARS)}\n… (${(json.length - MAX_CHARS).toLocaleString('en-GB')} more characters)` : json;
}

/**
 * A labelled, read-only JSON value (input, output, error) of a run or step. A body the run API cut
 * shows its start and its size, and loads whole on request. Secret values never reach it: the
 * engine redacts them before it stores a step.
 */
export function JsonBlock({ label, value }: { label: string; value: unknown }) {
  const [whole, setWhole] = useState<{ value: unknown } | null>(null);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const cut = isCutBody(value) && whole === null ? value : null;
  const text = useMemo(() => (cut ? `${cut.preview}…` : jsonText(whole ? whole.value : value)), [cut, whole, value]);
  const load = async (href: string) => {
    setLoading(true);
    setFailure(null);
    try {
      setWhole({ value: await api<unknown>('GET', href) });
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setLoading(false);
    }
  };
  return (
    <figure className="json-block">
      <figcaption>{label}</figcaption>
      <pre aria-label={label} tabIndex={0}>
        {text}
      </pre>
      {cut ? (
        <p className="small muted json-cut">
          Too large to show here ({cut.bytes.toLocaleString('en-GB')} bytes); the start is shown.{' '}
          <button type="button" className="link" disabled={loading} onClick={() => void load(cut.href)}>
            {loading ? 'Loading…' : `Load the whole ${label.toLowerCase()}`}
          </button>
        </p>
      ) : null}
      {failure ? (
        <p role="alert" className="error small">
          It could not be loaded: {failure}
        </p>
      ) : null}
    </figure>
  );
}
