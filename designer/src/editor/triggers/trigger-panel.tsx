import type { ComponentType } from 'react';
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

/** A node's trigger panel, when it is such a trigger; nothing otherwise. */
export function TriggerPanel({ nodeId, type, config }: TriggerPanelProps & { type: string }) {
  const Panel = TRIGGER_PANELS[type];
  return Panel ? <Panel nodeId={nodeId} config={config} /> : null;
}
