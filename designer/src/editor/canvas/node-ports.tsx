import { Handle, Position, useUpdateNodeInternals } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { ERROR_PORT, type PortSpec } from '../../../../runtime/definition/index.js';

/**
 * Tells React Flow to measure the handles again when the ports change after the first render (a
 * switch's cases are ports); the first measurement is React Flow's own.
 */
function useRemeasureOnPortChange(id: string, signature: string): void {
  const updateNodeInternals = useUpdateNodeInternals();
  const measured = useRef(signature);
  useEffect(() => {
    if (measured.current === signature) return;
    measured.current = signature;
    updateNodeInternals(id);
  }, [id, signature, updateNodeInternals]);
}

function PortSlot({ port, type }: { port: PortSpec | undefined; type: 'target' | 'source' }) {
  if (!port) return <span className="wf-port" />;
  const side = type === 'target' ? 'input' : 'output';
  return (
    <span className={`wf-port wf-port-${side}${port.name === ERROR_PORT.name ? ' wf-port-error' : ''}`}>
      {/* No aria-label: a handle is a plain element without a role (the port's name is the text beside it). */}
      <Handle type={type} id={port.name} position={type === 'target' ? Position.Left : Position.Right} title={`${port.label} (${side} "${port.name}")`} />
      {port.label}
    </span>
  );
}

/** One handle per port, inputs on the left and outputs on the right, each with its label. */
export function NodePorts({ id, inputs, outputs }: { id: string; inputs: readonly PortSpec[]; outputs: readonly PortSpec[] }) {
  useRemeasureOnPortChange(id, `${inputs.map((port) => port.name).join(',')}|${outputs.map((port) => `${port.name}:${port.label}`).join(',')}`);
  const rows = Math.max(inputs.length, outputs.length);
  return (
    <div className="wf-node-ports">
      {Array.from({ length: rows }, (_, index) => (
        <div className="wf-port-row" key={index}>
          <PortSlot port={inputs[index]} type="target" />
          <PortSlot port={outputs[index]} type="source" />
        </div>
      ))}
    </div>
  );
}
