import type { z } from 'zod';
import type { NodeExecute, NodeResult } from '../../runtime/definition/index.js';
import type { spec } from './spec.js';

/** Asks the engine to open the approval task; the engine continues on the port of the decision. */
export const execute: NodeExecute<z.output<typeof spec.config>, NodeResult> = (ctx, config) => ({
  wait: {
    kind: 'approval',
    task: {
      title: config.title,
      instructions: config.instructions,
      fields: config.fields,
      policy: {
        roles: config.approverRoles,
        users: config.approverUsers,
        requiredApprovals: config.requiredApprovals,
        vetoOnReject: config.vetoOnReject,
        allowInitiator: config.allowInitiator,
      },
      dueAt: config.dueInMinutes === undefined ? null : ctx.clock.now().getTime() + config.dueInMinutes * 60_000,
      onDue: config.onDue,
    },
  },
});
