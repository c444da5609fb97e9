import type { Viewport } from '@xyflow/react';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useEditorStoreApi } from '../store/editor-context.js';
import { initialViewport } from './initial-viewport.js';
import { toCanvasNode } from './to-canvas-node.js';

/**
 * Measures the space a canvas gets, then renders it directly at the viewport {@link initialViewport}
 * chooses for the store's workflow: the nodes in view are mounted once, where they belong, rather
 * than at a default viewport and again after fitting.
 */
export function InitialViewportGate({ children }: { children: (viewport: Viewport) => ReactNode }) {
  const store = useEditorStoreApi();
  const sizer = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    if (viewport || !sizer.current) return;
    const { width, height } = sizer.current.getBoundingClientRect();
    setViewport(initialViewport(store.getState().nodes.map(toCanvasNode), width, height));
  }, [store, viewport]);
  if (!viewport) return <div ref={sizer} className="canvas-sizer" />;
  return children(viewport);
}
