import { useState } from 'react';
import type { ParamEntries } from '../shared/params/param-values.js';

/**
 * In the demo, where the server runs the sandbox beside it: the offer to fill the connection
 * settings with the sandbox's addresses, so the demo's sandbox credentials work as they are.
 */
export function SandboxAddresses({ settings, entries, onChange }: { settings: Readonly<Record<string, string | number>>; entries: ParamEntries; onChange: (next: ParamEntries) => void }) {
  const [filled, setFilled] = useState(false);
  const fill = () => {
    onChange({ ...entries, ...Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, String(value)])) });
    setFilled(true);
  };
  return (
    <div className="sandbox-addresses">
      <p className="muted small">
        This server runs the sandbox beside it: imitations of the shop, the ERP, the chat channels and the mail server, and credentials for them named “(sandbox)”.
      </p>
      <button type="button" className="button small" onClick={fill}>
        Use the sandbox&apos;s addresses
      </button>
      <p role="status" className="muted small">
        {filled ? `The ${Object.keys(settings).length} connection settings below now point at the sandbox.` : ''}
      </p>
    </div>
  );
}
