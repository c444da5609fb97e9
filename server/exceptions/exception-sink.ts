import { NodeExecutionError, type TenantExceptionSink } from '../../runtime/definition/index.js';
import type { RunStore } from '../../runtime/store/index.js';
import { DomainError } from '../domain/domain-error.js';
import type { ExceptionService } from './exception-service.js';

/**
 * The engine's sink for `flow.raiseException`: the run's writes so far are committed first (a run
 * started by a webhook may not be yet), then the exception is recorded in the run's workspace,
 * once per step. `ai.classify` classifies exceptions of the run's workspace through it; another
 * workspace's exception is as unknown as one that does not exist.
 */
export function exceptionSink(store: RunStore, exceptions: ExceptionService): TenantExceptionSink {
  return {
    raise: async (step, report) => {
      await store.flush();
      const raised = await exceptions.raiseForRun(step.runId, step.nodeId, step.idempotencyKey, report);
      if (!raised || raised.exception.tenantId !== step.tenantId) throw new NodeExecutionError('the run raising the exception is not recorded', { code: 'EXCEPTIONS_UNAVAILABLE' });
      return { id: raised.exception.id, key: raised.exception.key, created: raised.created };
    },
    classify: async (step, exceptionId, classification) => {
      try {
        return await exceptions.classify(step.tenantId, exceptionId, classification);
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind !== 'not-found') throw error;
        throw new NodeExecutionError(`there is no exception "${exceptionId}" in this workspace`, { code: 'EXCEPTION_NOT_FOUND' });
      }
    },
  };
}
