import { ERROR_PORT, outputPorts, type NodeSpec, type PortSpec } from '../../../../runtime/definition/index.js';

/** A node's ports as the canvas lays them out: inputs on the left, outputs on the right. */
export interface PortLayout {
  readonly inputs: readonly PortSpec[];
  readonly outputs: readonly PortSpec[];
}

/**
 * The ports of a node of a known type: the spec's inputs, and its outputs including those its
 * config names (a switch's cases), with the error port last, below the regular outcomes.
 */
export function portLayout(spec: NodeSpec, config: Record<string, unknown>): PortLayout {
  const outputs = outputPorts(spec, config);
  return {
    inputs: spec.ports.inputs,
    outputs: [...outputs.filter((port) => port.name !== ERROR_PORT.name), ...outputs.filter((port) => port.name === ERROR_PORT.name)],
  };
}
