import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FinishedStepEvent } from '../../runtime/engine/index.js';
import type { RunRecord, SqlDatabase } from '../../runtime/store/index.js';

/** Prometheus metrics of the server (`/metrics`). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'flowgate_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly runsStarted = new Counter({ name: 'flowgate_runs_started_total', help: 'Runs started', registers: [this.registry] });
  private readonly runsFinished = new Counter({
    name: 'flowgate_runs_finished_total',
    help: 'Runs finished, by status',
    labelNames: ['status'],
    registers: [this.registry],
  });
  private readonly stepDuration = new Histogram({
    name: 'flowgate_step_duration_seconds',
    help: 'Step execution time by node type and outcome',
    labelNames: ['node_type', 'status'],
    buckets: [0.0001, 0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [this.registry],
  });

  constructor(sql: SqlDatabase) {
    collectDefaultMetrics({ register: this.registry, prefix: 'flowgate_process_' });
    new Gauge({
      name: 'flowgate_waiting_tasks',
      help: 'Human tasks waiting for a decision',
      registers: [this.registry],
      async collect() {
        const open = await sql.get<{ count: number }>("SELECT count(*) AS count FROM tasks WHERE status = 'open'");
        this.set(open!.count);
      },
    });
  }

  runStarted(): void {
    this.runsStarted.inc();
  }

  runSettled(run: RunRecord): void {
    if (run.finishedAt !== null) this.runsFinished.inc({ status: run.status });
  }

  stepFinished(step: FinishedStepEvent): void {
    this.stepDuration.observe({ node_type: step.nodeType, status: step.status }, step.durationMs / 1000);
  }
}
