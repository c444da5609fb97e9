import type { NodeImplementation, NodeResult } from '../definition/index.js';
import type { ReplayContext } from './replay-context.js';

/**
 * The node implementations of a dry run. Nodes without side effects execute for real; a node
 * with side effects (`spec.sideEffects`) never executes, and a wait any node asks for (approval,
 * timer, event, child runs — whatever returns a wait request) never begins: the run's
 * {@link ReplayContext} stands in for both. Waits are recognised by what a node returns, not by
 * its type, so a waiting node type added later is covered as well.
 */
export function standInNodes(implementations: readonly NodeImplementation[], replayOf: (runId: string) => ReplayContext): NodeImplementation[] {
  return implementations.map(({ spec, execute }): NodeImplementation => {
    if (spec.sideEffects) {
      return { spec, execute: (ctx, config, input) => replayOf(ctx.runId).standIn(ctx.nodeId, spec, config, input, { kind: 'call' }) };
    }
    return {
      spec,
      execute: (ctx, config, input) => {
        const intercept = (result: NodeResult): NodeResult =>
          'wait' in result ? replayOf(ctx.runId).standIn(ctx.nodeId, spec, config, input, { kind: 'wait', wait: result.wait }) : result;
        const result = execute(ctx, config, input);
        // Synchronous nodes stay synchronous, so the driver keeps running them inline.
        return result instanceof Promise ? result.then(intercept) : intercept(result);
      },
    };
  });
}
