import type { LayoutGraph } from '../model/layered-layout.js';
import LayoutWorker from './layout.worker.ts?worker';

/** Lays `graph` out in a worker of its own (stopped when done): the nodes' new top-left corners. */
export function layoutInWorker(graph: LayoutGraph): Promise<Map<string, { x: number; y: number }>> {
  return new Promise((resolve, reject) => {
    const worker = new LayoutWorker();
    worker.onmessage = (event: MessageEvent<[string, { x: number; y: number }][]>) => {
      worker.terminate();
      resolve(new Map(event.data));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`the layout failed: ${event.message}`));
    };
    worker.postMessage(graph);
  });
}
