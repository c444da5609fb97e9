/** What a trigger's panel in the inspector is given: the node and its config as saved in the draft. */
export interface TriggerPanelProps {
  readonly nodeId: string;
  readonly config: Readonly<Record<string, unknown>>;
}
