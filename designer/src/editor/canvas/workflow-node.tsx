import type { NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { nodeCatalog } from '../../../../nodes/catalog.js';
import type { NodeSpec, PortSpec } from '../../../../runtime/definition/index.js';
import type { FlowNode } from '../model/flow-graph.js';
import { portLayout } from '../model/node-ports.js';
import { useEditorStore } from '../store/editor-context.js';
import { categoryClass } from './category-class.js';
import { NodeBadges } from './node-badges.js';
import { NodeIcon } from './node-icon.js';
import { NodePorts } from './node-ports.js';
import { changeOf, edgePortsOf, runStatusOf } from './node-selectors.js';

/** Ports of a known node type: the spec's inputs, and its outputs including those its config names. */
function SpecPorts({ id, spec, config }: { id: string; spec: NodeSpec; config: Record<string, unknown> }) {
  const { inputs, outputs } = useMemo(() => portLayout(spec, config), [spec, config]);
  return <NodePorts id={id} inputs={inputs} outputs={outputs} />;
}

/** Ports of a node type the catalog does not know: whatever its edges use, so they stay drawn. */
function EdgePorts({ id }: { id: string }) {
  const used = useEditorStore((state) => edgePortsOf(state, id));
  const { inputs, outputs } = useMemo(() => {
    const entries = used === '' ? [] : used.split('\n');
    const ports = (prefix: string): PortSpec[] =>
      entries.filter((entry) => entry.startsWith(prefix)).map((entry) => ({ name: entry.slice(prefix.length), label: entry.slice(prefix.length) }));
    return { inputs: ports('in:'), outputs: ports('out:') };
  }, [used]);
  return <NodePorts id={id} inputs={inputs} outputs={outputs} />;
}

/**
 * A workflow node on the canvas: icon, name and type, a handle per port, the number of validation
 * problems and the last test run's status (or, in a read-only view, the status or diff mark it is
 * decorated with). Memoised on its own data and selection, and subscribed
 * only to its own run status (the problem badge re-renders by itself), so a large workflow
 * re-renders only the nodes that change. Its accessible name, the node's name, is on React Flow's
 * focusable node element (see `toCanvasNode`).
 */
function WorkflowNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const spec = nodeCatalog.get(data.type, data.version);
  const status = useEditorStore((state) => runStatusOf(state, id));
  const change = useEditorStore((state) => changeOf(state, id));
  const classes = ['wf-node', categoryClass(spec)];
  if (selected) classes.push('selected');
  if (status) classes.push(`status-${status}`);
  if (change) classes.push(`change-${change}`);
  return (
    <div className={classes.join(' ')}>
      <div className="wf-node-header">
        <span className="wf-node-icon">
          <NodeIcon name={spec?.icon} />
        </span>
        <span className="wf-node-titles">
          <span className="wf-node-name" title={data.name}>
            {data.name}
          </span>
          <span className="wf-node-type" title={spec ? `${spec.title} (${data.type} v${data.version})` : `Unknown node type ${data.type} v${data.version}`}>
            {spec ? data.type : `${data.type} (unknown)`}
          </span>
        </span>
      </div>
      <NodeBadges id={id} status={status} change={change} />
      {spec ? <SpecPorts id={id} spec={spec} config={data.config} /> : <EdgePorts id={id} />}
    </div>
  );
}

/**
 * Re-render only for what the node shows: React Flow also passes the position, size and z-index,
 * which change on every drag frame and on measuring but change nothing inside the node.
 */
function sameView(previous: NodeProps<FlowNode>, next: NodeProps<FlowNode>): boolean {
  return previous.id === next.id && previous.data === next.data && previous.selected === next.selected;
}

/** The canvas node component for workflow nodes (React Flow node type `workflow`). */
export const WorkflowNode = memo(WorkflowNodeView, sameView);
