import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Process-wide Prometheus metrics. Names and labels follow controller-runtime (so existing dashboards and alerts
 * work), plus the operator's own `secureml_*` series. Labels never carry object names or UIDs (cardinality).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

// controller-runtime's reconcile_time buckets (pkg/internal/controller/metrics/metrics.go).
const RECONCILE_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75,
  2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
// client-go workqueue buckets: ExponentialBuckets(10e-9, 10, 12) = 1e-8 s … 1000 s.
const QUEUE_BUCKETS = Array.from({ length: 12 }, (_, i) => 1e-8 * 10 ** i);
const ARM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export type ReconcileResult = 'success' | 'error' | 'requeue' | 'requeue_after';

export const reconcileTotal = new Counter({
  name: 'controller_runtime_reconcile_total',
  help: 'Total number of reconciliations per controller',
  labelNames: ['controller', 'result'] as const,
  registers: [registry],
});

export const reconcileErrors = new Counter({
  name: 'controller_runtime_reconcile_errors_total',
  help: 'Total number of reconciliation errors per controller',
  labelNames: ['controller'] as const,
  registers: [registry],
});

export const terminalReconcileErrors = new Counter({
  name: 'controller_runtime_terminal_reconcile_errors_total',
  help: 'Total number of terminal reconciliation errors per controller',
  labelNames: ['controller'] as const,
  registers: [registry],
});

export const reconcileTime = new Histogram({
  name: 'controller_runtime_reconcile_time_seconds',
  help: 'Length of time per reconciliation per controller',
  labelNames: ['controller'] as const,
  buckets: RECONCILE_BUCKETS,
  registers: [registry],
});

export const maxConcurrentReconciles = new Gauge({
  name: 'controller_runtime_max_concurrent_reconciles',
  help: 'Maximum number of concurrent reconciles per controller',
  labelNames: ['controller'] as const,
  registers: [registry],
});

export const activeWorkers = new Gauge({
  name: 'controller_runtime_active_workers',
  help: 'Number of currently used workers per controller',
  labelNames: ['controller'] as const,
  registers: [registry],
});

const queueLabels = ['name', 'controller'] as const;

export const workqueueDepth = new Gauge({
  name: 'workqueue_depth',
  help: 'Current depth of workqueue',
  labelNames: queueLabels,
  registers: [registry],
});

export const workqueueAdds = new Counter({
  name: 'workqueue_adds_total',
  help: 'Total number of adds handled by workqueue',
  labelNames: queueLabels,
  registers: [registry],
});

export const workqueueRetries = new Counter({
  name: 'workqueue_retries_total',
  help: 'Total number of retries handled by workqueue',
  labelNames: queueLabels,
  registers: [registry],
});

export const workqueueQueueDuration = new Histogram({
  name: 'workqueue_queue_duration_seconds',
  help: 'How long in seconds an item stays in workqueue before being requested',
  labelNames: queueLabels,
  buckets: QUEUE_BUCKETS,
  registers: [registry],
});

export const workqueueWorkDuration = new Histogram({
  name: 'workqueue_work_duration_seconds',
  help: 'How long in seconds processing an item from workqueue takes',
  labelNames: queueLabels,
  buckets: QUEUE_BUCKETS,
  registers: [registry],
});

export const leaderElectionMasterStatus = new Gauge({
  name: 'leader_election_master_status',
  help: 'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master',
  labelNames: ['name'] as const,
  registers: [registry],
});

export const informerWatchRestarts = new Counter({
  name: 'secureml_informer_watch_restarts_total',
  help: 'Watch restarts per resource and reason (timeout = normal server close, stale = watchdog, gone = 410 relist, error)',
  labelNames: ['resource', 'reason'] as const,
  registers: [registry],
});

const azureRequests = new Counter({
  name: 'secureml_azure_requests_total',
  help: 'Azure Resource Manager requests by resource type, HTTP method and status code',
  labelNames: ['resource_type', 'method', 'code'] as const,
  registers: [registry],
});

const azureRequestDuration = new Histogram({
  name: 'secureml_azure_request_duration_seconds',
  help: 'Azure Resource Manager request latency by resource type and HTTP method',
  labelNames: ['resource_type', 'method'] as const,
  buckets: ARM_BUCKETS,
  registers: [registry],
});

export interface ArmRequestSample {
  /** e.g. `Microsoft.Network/virtualNetworks`; never a resource name or ID. */
  resourceType: string;
  method: string;
  /** HTTP status, or 0 when no response arrived (network error, timeout). */
  statusCode: number;
  durationSeconds: number;
}

/** Fed by the Azure layer for every ARM request. */
export function recordArmRequest(sample: ArmRequestSample): void {
  const method = sample.method.toUpperCase();
  azureRequests.inc({ resource_type: sample.resourceType, method, code: String(sample.statusCode) });
  azureRequestDuration.observe({ resource_type: sample.resourceType, method }, sample.durationSeconds);
}
