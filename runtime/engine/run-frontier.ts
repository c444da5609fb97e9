import type { PreparedWorkflow } from './prepared-workflow.js';

/** Nodes that became ready to run, and nodes skipped because all their incoming edges died. */
export interface Settlement {
  readonly ready: string[];
  readonly skipped: string[];
}

/**
 * The run semantics of the design, incrementally: a node runs once every incoming edge is
 * resolved and at least one is live; when all are dead it is skipped and its outgoing edges die
 * (dead-path elimination). Fork, exclusive choice and synchronising merge all follow from this
 * one rule. Each edge is visited once, so scheduling costs O(nodes + edges) per run.
 */
export class RunFrontier {
  private readonly unresolved = new Map<string, number>();
  private readonly live = new Map<string, number>();
  private readonly settled = new Set<string>();

  constructor(private readonly workflow: PreparedWorkflow) {
    for (const [id, node] of workflow.nodes) {
      this.unresolved.set(id, node.incoming.length);
      this.live.set(id, 0);
    }
  }

  /** Whether the node has already finished (succeeded, failed or skipped). */
  isSettled(nodeId: string): boolean {
    return this.settled.has(nodeId);
  }

  /**
   * Records that `nodeId` finished with its output on `ports` (none when skipped) and returns
   * what that decides downstream. Skips cascade.
   */
  settle(nodeId: string, ports: readonly string[]): Settlement {
    const ready: string[] = [];
    const skipped: string[] = [];
    const pending: { id: string; ports: readonly string[] }[] = [{ id: nodeId, ports }];
    for (let next = pending.pop(); next; next = pending.pop()) {
      if (this.settled.has(next.id)) continue;
      this.settled.add(next.id);
      for (const edge of this.workflow.nodes.get(next.id)?.outgoing ?? []) {
        const target = edge.target;
        const left = (this.unresolved.get(target) ?? 0) - 1;
        this.unresolved.set(target, left);
        if (next.ports.includes(edge.sourcePort)) this.live.set(target, (this.live.get(target) ?? 0) + 1);
        if (left !== 0) continue;
        if ((this.live.get(target) ?? 0) > 0) {
          ready.push(target);
        } else {
          skipped.push(target);
          pending.push({ id: target, ports: [] });
        }
      }
    }
    return { ready, skipped };
  }
}
