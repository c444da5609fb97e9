import type { ComponentType } from 'react';
import { useEditorStore } from '../store/editor-context.js';
import { SchedulePanel } from './schedule-panel.js';
import './triggers.css';
import type { TriggerPanelProps } from './trigger-panel-props.js';
import { WebhookPanel } from './webhook-panel.js';

/**
 * The trigger types whose runs come from outside, and the panel that says how: one static
 * table, as the canvas's `nodeTypes` is. The config form itself stays the one generic renderer.
 */
const TRIGGER_PANELS: Readonly<Record<string, ComponentType<TriggerPanelProps>>> = {
  'trigger.webhook': WebhookPanel,
  'trigger.schedule': SchedulePanel,
};

/** The selected node's trigger panel, when it is such a trigger; nothing otherwise. */
export function TriggerPanel({ nodeId }: { nodeId: string }) {
  const data = useEditorStore((state) => state.nodes.find((node) => node.id === nodeId)?.data);
  const Panel = data ? TRIGGER_PANELS[data.type] : undefined;
  if (!data || !Panel) return null;
  return (
    <div className="inspector trigger-panels">
      <Panel nodeId={nodeId} config={data.config} />
    </div>
  );
}
