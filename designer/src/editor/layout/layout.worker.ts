import { layeredLayout, type LayoutGraph } from '../model/layered-layout.js';

/**
 * Lays a workflow out off the main thread: a graph in, `[nodeId, position]` pairs out. A thousand
 * nodes take a few hundred milliseconds on a slow machine, during which the page must keep
 * answering the pointer and the keyboard.
 */
self.onmessage = (event: MessageEvent<LayoutGraph>) => {
  self.postMessage([...layeredLayout(event.data)]);
};
