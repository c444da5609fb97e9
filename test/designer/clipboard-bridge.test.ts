import { describe, expect, it } from 'vitest';
import { payloadToPaste, rememberCopy } from '../../designer/src/editor/shortcuts/clipboard-bridge.js';

const copied = JSON.stringify({ format: 'flowgate.nodes', nodes: [{ id: 'a', position: { x: 0, y: 0 }, data: {} }], edges: [] });
const other = JSON.stringify({ format: 'flowgate.nodes', nodes: [{ id: 'b', position: { x: 0, y: 0 }, data: {} }], edges: [] });

describe('payloadToPaste', () => {
  it('prefers nodes on the system clipboard (copied in another tab or workflow)', () => {
    rememberCopy(copied, true);
    expect(payloadToPaste(other)?.nodes[0]?.id).toBe('b');
  });

  it('falls back to the remembered copy when the clipboard is empty or unreadable', () => {
    rememberCopy(copied, true);
    expect(payloadToPaste('')?.nodes[0]?.id).toBe('a');
    expect(payloadToPaste(null)?.nodes[0]?.id).toBe('a');
  });

  it('pastes nothing over someone else’s text, unless the copy never reached the clipboard', () => {
    rememberCopy(copied, true);
    expect(payloadToPaste('some text')).toBeUndefined();
    rememberCopy(copied, false);
    expect(payloadToPaste('some text')?.nodes[0]?.id).toBe('a');
  });
});
