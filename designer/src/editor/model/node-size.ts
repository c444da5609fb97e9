/** A workflow node's width on the canvas (CSS `--wf-node-width` matches it). */
export const NODE_WIDTH = 220;

/** A typical node's height, for placing nodes before React Flow has measured them. */
export const NODE_HEIGHT = 90;
