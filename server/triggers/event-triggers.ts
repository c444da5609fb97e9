import type { Logger } from 'pino';
import type { WorkflowDefinition, PlatformEventType } from '../../runtime/definition/index.js';
import { TenantBusyError, type Engine } from '../../runtime/engine/index.js';
import { evaluateExpression, isTruthy, toPlainData } from '../../runtime/expressions/index.js';
import type { SqlDatabase } from '../../runtime/store/index.js';
import type { Tenant } from '../auth/tenant-access.js';
import type { EventConsumer } from '../events/event-dispatcher.js';
import type { LoggedEvent } from '../events/platform-event-log.js';
import type { AuditLog } from '../services/audit-log.js';
import { SYSTEM_ACTORS, triggeredStartEntry } from '../services/engine-audit.js';
import type { TenantService } from '../services/tenants.js';
import type { WorkflowService } from '../services/workflows.js';
import { triggerConfig } from './trigger-config.js';

interface EventTriggerConfig {
  events: PlatformEventType[];
  filter?: unknown;
  from: 'workspace' | 'customers' | 'both';
}

/** A `trigger.event` node of an active version that an event reaches. */
interface EventTarget {
  readonly tenantId: string;
  readonly workflowId: string;
  readonly version: number;
  readonly definition: WorkflowDefinition;
  readonly nodeId: string;
  readonly filter: unknown;
}

/** The run input of an event-started run. */
export interface EventRunInput {
  readonly event: {
    readonly id: string;
    readonly type: PlatformEventType;
    readonly tenantId: string;
    readonly tenantName: string;
    readonly occurredAt: string;
    readonly data: Readonly<Record<string, unknown>>;
  };
}

/** A run's `trigger_info` (JSON text) names the event bound to the statement's `?`. */
const STARTED_BY_EVENT = {
  sqlite: "json_extract(trigger_info, '$.eventId') = ?",
  postgres: "(trigger_info::jsonb ->> 'eventId') = ?",
} as const;

/** How far before an event a run it started may have been created (clock adjustments). */
const CLOCK_SLACK_MS = 24 * 60 * 60 * 1000;

/** What the consumer reads and starts with. */
export interface EventTriggerDependencies {
  readonly sql: SqlDatabase;
  readonly tenants: TenantService;
  readonly workflows: WorkflowService;
  readonly engine: Engine;
  readonly audit: AuditLog;
  readonly logger: Logger;
}

/**
 * The `event-triggers` consumer of the platform event log: starts the active version of each
 * workflow whose `trigger.event` takes the event (see docs/events.md). Scope: the event's own
 * workspace (a partner's only with `from` workspace or both), and its partner with `from`
 * customers or both; a customer's workflow never sees another workspace's events. Once per
 * (event, workflow, trigger node): the run itself, created with trigger `{ type: 'event', eventId }`
 * and its audit entry in one commit, is the claim a re-delivered event finds. Events about runs an
 * event trigger started start nothing, so an escalation cannot set itself off. It waits for the
 * engine's commits, so it is handled outside the dispatcher's transaction.
 */
export class EventTriggers implements EventConsumer {
  readonly name = 'event-triggers';
  readonly outsideTransaction = true;

  constructor(private readonly deps: EventTriggerDependencies) {}

  async handle(event: LoggedEvent): Promise<void> {
    if (await this.aboutEventStartedRun(event)) return;
    const tenant = await this.deps.tenants.get(event.tenantId);
    if (!tenant || (await this.deps.tenants.suspended(tenant.id))) return;
    const input: EventRunInput = {
      event: { id: event.id, type: event.type, tenantId: tenant.id, tenantName: tenant.name, occurredAt: new Date(event.occurredAt).toISOString(), data: event.data },
    };
    for (const target of await this.targets(tenant, event)) {
      if (!this.matches(target, input, event)) continue;
      if (await this.alreadyStarted(target, event)) continue;
      await this.start(target, input, event);
    }
  }

  /** The loop rule: an event whose `data.runId` names a run that an event trigger started. */
  private async aboutEventStartedRun(event: LoggedEvent): Promise<boolean> {
    const runId = event.data.runId;
    if (typeof runId !== 'string') return false;
    const run = await this.deps.sql.get<{ trigger_type: string | null }>('SELECT trigger_type FROM runs WHERE id = ? AND tenant_id = ?', [runId, event.tenantId]);
    return run?.trigger_type === 'event';
  }

  /**
   * The event triggers of active versions, in the event's workspace and its partner, that take this
   * event. Only versions activated by the time it occurred: handing an event out again (or late)
   * never reaches a workflow switched on after it.
   */
  private async targets(tenant: Tenant, event: LoggedEvent): Promise<EventTarget[]> {
    const partnerId = tenant.kind === 'customer' ? tenant.parentId : null;
    const rows = await this.deps.sql.all<{ id: string; tenant_id: string; activated_at: number | null }>(
      `SELECT w.id, w.tenant_id, (SELECT a.created_at FROM activations a WHERE a.workflow_id = w.id ORDER BY a.id DESC LIMIT 1) AS activated_at
       FROM workflows w WHERE w.tenant_id IN (?, ?) AND w.active_version IS NOT NULL AND w.archived_at IS NULL ORDER BY w.created_at, w.id`,
      [tenant.id, partnerId ?? tenant.id],
    );
    const targets: EventTarget[] = [];
    for (const row of rows) {
      if (row.activated_at === null || row.activated_at > event.occurredAt) continue;
      const active = await this.deps.workflows.active(row.tenant_id, row.id);
      if (!active) continue;
      for (const node of active.definition.nodes) {
        if (node.type !== 'trigger.event') continue;
        const config = triggerConfig<EventTriggerConfig>(node);
        if (!config.events.includes(event.type) || !inScope(tenant, row.tenant_id, config.from)) continue;
        targets.push({ tenantId: row.tenant_id, workflowId: row.id, version: active.version, definition: active.definition, nodeId: node.id, filter: config.filter });
      }
    }
    return targets;
  }

  /** Whether the filter passes; a filter that fails counts as not matching, and is logged. */
  private matches(target: EventTarget, input: EventRunInput, event: LoggedEvent): boolean {
    if (target.filter === undefined) return true;
    try {
      return isTruthy(evaluateExpression(target.filter, { event: toPlainData(input.event, 'the event') }));
    } catch (error) {
      this.deps.logger.warn(
        { err: error, workflowId: target.workflowId, nodeId: target.nodeId, eventId: event.id, type: event.type },
        "an event trigger's filter failed on an event; it counts as not matching",
      );
      return false;
    }
  }

  private async alreadyStarted(target: EventTarget, event: LoggedEvent): Promise<boolean> {
    const started = await this.deps.sql.get<{ found: number }>(
      `SELECT 1 AS found FROM runs WHERE tenant_id = ? AND trigger_type = 'event' AND created_at >= ? AND workflow_id = ? AND trigger_node_id = ?
         AND ${STARTED_BY_EVENT[this.deps.sql.dialect]}`,
      [target.tenantId, event.occurredAt - CLOCK_SLACK_MS, target.workflowId, target.nodeId, event.id],
    );
    return started !== undefined;
  }

  /**
   * Starts the run, audited in its creating commit. A workspace at its limit of executing runs
   * throws, so the dispatcher offers the event again (runs already started are not repeated); a
   * run the engine refuses for good (an input over the size limit) is logged and skipped.
   */
  private async start(target: EventTarget, input: EventRunInput, event: LoggedEvent): Promise<void> {
    const details = { eventId: event.id, eventType: event.type, eventTenantId: event.tenantId };
    try {
      await this.deps.engine.start(
        {
          definition: target.definition,
          tenantId: target.tenantId,
          workflowId: target.workflowId,
          workflowVersion: target.version,
          triggerNodeId: target.nodeId,
          input,
          trigger: { type: 'event', ...details },
        },
        { together: (run) => this.deps.audit.append(triggeredStartEntry(run, SYSTEM_ACTORS.event, details)) },
      );
    } catch (error) {
      if (error instanceof TenantBusyError) throw error;
      this.deps.logger.error({ err: error, workflowId: target.workflowId, nodeId: target.nodeId, eventId: event.id }, 'an event-triggered run could not start');
    }
  }
}

/**
 * Whether a trigger in `workflowTenantId` sees an event of `eventTenant`: a customer's own
 * workflows always (whatever `from` says), a partner's own with `workspace` or `both`, the
 * partner of the event's customer with `customers` or `both`. Nothing else.
 */
function inScope(eventTenant: Tenant, workflowTenantId: string, from: EventTriggerConfig['from']): boolean {
  if (workflowTenantId === eventTenant.id) return eventTenant.kind === 'customer' || from !== 'customers';
  return eventTenant.kind === 'customer' && workflowTenantId === eventTenant.parentId && from !== 'workspace';
}
