import { useMemo, useState } from 'react';
import { sampleEventInput } from '../../../../nodes/trigger.event/sample-event.js';
import { PLATFORM_EVENT_TYPES, type PlatformEventType } from '../../../../runtime/definition/index.js';
import { useEditorStore } from '../store/editor-context.js';
import type { EditorState } from '../store/editor-store.js';

/** The sample input of a test run, as typed and as parsed. */
export interface SampleInput {
  readonly text: string;
  /** The parsed value; undefined while the text is not valid JSON. */
  readonly parsed: unknown;
  readonly error: string | null;
  /** Whether the user set it (remembered for this workflow) rather than it coming from the trigger. */
  readonly custom: boolean;
  setText: (text: string) => void;
  /** Forgets the remembered input: the trigger's sample input (or `{}`) again. */
  reset: () => void;
}

const storageKey = (tenantId: string, workflowId: string) => `flowgate.sample-input.${tenantId}.${workflowId}`;

function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStored(key: string, text: string | null): void {
  try {
    if (text === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, text);
  } catch {
    // Storage full or disabled: the input still works for this visit.
  }
}

/**
 * The trigger's sample input as JSON text: a manual trigger's `sampleInput` config, else an event
 * like those an event trigger's first chosen type gives.
 */
function triggerSample(state: EditorState): string | null {
  for (const node of state.nodes) {
    if (node.data.type === 'trigger.manual' && node.data.config.sampleInput !== undefined) return JSON.stringify(node.data.config.sampleInput, null, 2);
  }
  for (const node of state.nodes) {
    if (node.data.type !== 'trigger.event') continue;
    const events: unknown = node.data.config.events;
    const first: unknown = Array.isArray(events) ? events[0] : undefined;
    if (isPlatformEventType(first)) return JSON.stringify(sampleEventInput(first), null, 2);
  }
  return null;
}

function isPlatformEventType(value: unknown): value is PlatformEventType {
  return (PLATFORM_EVENT_TYPES as readonly unknown[]).includes(value);
}

/**
 * The test run's sample input for a workflow: what the user last typed for it (kept in
 * localStorage), else the trigger's sample (see `triggerSample`), else `{}`.
 */
export function useSampleInput(tenantId: string, workflowId: string): SampleInput {
  const key = storageKey(tenantId, workflowId);
  const fallback = useEditorStore(triggerSample) ?? '{}';
  // Bumped on reset, so the remembered value is read again.
  const [edited, setEdited] = useState<{ key: string; text: string | null } | null>(null);
  const stored = useMemo(() => (edited?.key === key ? edited.text : readStored(key)), [edited, key]);
  const text = stored ?? fallback;
  const { parsed, error } = useMemo(() => {
    try {
      return { parsed: JSON.parse(text) as unknown, error: null };
    } catch (caught) {
      return { parsed: undefined, error: caught instanceof Error ? caught.message : 'invalid JSON' };
    }
  }, [text]);
  return {
    text,
    parsed,
    error,
    custom: stored !== null,
    setText: (next) => {
      writeStored(key, next);
      setEdited({ key, text: next });
    },
    reset: () => {
      writeStored(key, null);
      setEdited({ key, text: null });
    },
  };
}
