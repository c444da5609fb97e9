import { NodeExecutionError, type TenantExceptionSink } from '../../runtime/definition/index.js';
import type { RunStore } from '../../runtime/store/index.js';
import type { ExceptionService } from './exception-service.js';

/**
 * The engine's sink for `flow.raiseException`: the run's writes so far are committed first (a run
 * started by a webhook may not be yet), then the exception is recorded in the run's workspace,
 * once per step.
 */
export function exceptionSink(store: RunStore, exceptions: ExceptionService): TenantExceptionSink {
  return {
    raise: async (step, report) => {
      await store.flush();
      const raised = exceptions.raiseForRun(step.runId, step.nodeId, step.idempotencyKey, report);
      if (!raised || raised.exception.tenantId !== step.tenantId) throw new NodeExecutionError('the run raising the exception is not recorded', { code: 'EXCEPTIONS_UNAVAILABLE' });
      return { id: raised.exception.id, key: raised.exception.key, created: raised.created };
    },
  };
}
