import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ExecutionStatus } from '../engine/run-record.js';

/**
 * Prometheus metrics of one server (its own registry, so several apps in one test process don't clash):
 * executions finished by status and mode, executions in the store by status (read at scrape time), node
 * durations, queue depth and running count, webhook requests by status code.
 */
export interface ServerMetrics {
  readonly registry: Registry;
  executionEnded(status: string, mode: string, durationMs: number): void;
  nodeEnded(nodeType: string, status: string, durationMs: number): void;
  webhookRequest(kind: 'production' | 'test', status: number): void;
}

export interface MetricsSources {
  readonly queue: () => { readonly running: number; readonly backlog: number };
  readonly executionCounts?: () => Promise<Readonly<Partial<Record<ExecutionStatus, number>>>>;
  readonly defaultMetrics?: boolean;
}

export function createMetrics(sources: MetricsSources): ServerMetrics {
  const registry = new Registry();
  if (sources.defaultMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'flowwerk_process_' });
  const executionsFinished = new Counter({
    name: 'flowwerk_executions_finished_total',
    help: 'Executions that ended (or parked), by status and mode',
    labelNames: ['status', 'mode'] as const,
    registers: [registry],
  });
  const executionDuration = new Histogram({
    name: 'flowwerk_execution_duration_seconds',
    help: 'Wall time of execution runs',
    labelNames: ['status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const nodeDuration = new Histogram({
    name: 'flowwerk_node_duration_seconds',
    help: 'Duration of node runs, by node type and status',
    labelNames: ['node_type', 'status'] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const webhookRequests = new Counter({
    name: 'flowwerk_webhook_requests_total',
    help: 'Webhook requests answered, by kind and HTTP status',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'flowwerk_queue_depth',
    help: 'Executions waiting in the queue',
    registers: [registry],
    collect() {
      this.set(sources.queue().backlog);
    },
  });
  new Gauge({
    name: 'flowwerk_queue_running',
    help: 'Executions running now',
    registers: [registry],
    collect() {
      this.set(sources.queue().running);
    },
  });
  if (sources.executionCounts !== undefined) {
    const counts = sources.executionCounts;
    new Gauge({
      name: 'flowwerk_executions',
      help: 'Executions in the store, by status',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const byStatus = await counts();
        for (const status of ['queued', 'running', 'waiting', 'success', 'failed', 'cancelled'] as const) {
          this.set({ status }, byStatus[status] ?? 0);
        }
      },
    });
  }
  return {
    registry,
    executionEnded(status, mode, durationMs) {
      executionsFinished.inc({ status, mode });
      executionDuration.observe({ status }, durationMs / 1000);
    },
    nodeEnded(nodeType, status, durationMs) {
      nodeDuration.observe({ node_type: nodeType, status }, durationMs / 1000);
    },
    webhookRequest(kind, status) {
      webhookRequests.inc({ kind, status: String(status) });
    },
  };
}
