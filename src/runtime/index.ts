/**
 * The controller runtime: the Kubernetes side of the operator, with controller-runtime's semantics and no Azure
 * knowledge.
 *
 * ```ts
 * const config = loadConfig();                                  // src/config.ts: flags + env
 * const logger = createLogger(config.logLevel);
 * const kubeConfig = new KubeConfig(); kubeConfig.loadFromDefault();
 * const manager = new Manager({ kubeConfig, config, logger });
 * manager.addController<ImageBuildCompute>({
 *   name: 'imagebuildcompute',
 *   kind: { group: 'secureml.io', version: 'v1alpha1', plural: 'imagebuildcomputes' },
 *   reconciler,                                                 // { reconcile(req, ctx): Promise<Result | void> }
 *   indexes: { workspace: (o) => [`${o.metadata.namespace}/${o.spec.workspaceRef.name}`] },
 *   watches: [{ kind: secureWorkspaceKind, map: enqueueByIndex('workspace') }],
 * });
 * await manager.start();                                        // caches + probes now; controllers once leading
 * process.on('SIGTERM', () => void manager.stop().then(() => process.exit(0)));
 * ```
 *
 * Reconciling:
 * - `reconcile({ namespace, name }, { log, signal, reconcileID })` reads the object itself (the cache:
 *   `manager.informer(kind).get(ns, name)`), converges, and returns `{ requeueAfter: ms }` to be called again later
 *   (drift polling) or nothing. Throwing retries with per-key backoff (5 ms → 1000 s); `TerminalError` does not.
 * - `signal` aborts on shutdown, leadership loss, a new generation or deletion of the object, or the reconcile
 *   timeout; `abortReason(signal)` says which. Status-only updates neither abort nor re-trigger a reconcile.
 * - One key is never reconciled twice at once; changes during a reconcile queue exactly one more run.
 *
 * Writing (all refused with NotLeaderError unless this replica leads):
 * - `manager.status.apply(kind, obj, status)`: server-side apply of `/status`, skipped when unchanged.
 * - `addFinalizer` / `removeFinalizer(manager.http, kind, obj, FINALIZER, { fieldManager })`: resourceVersion-guarded.
 * - `manager.events.record(obj, { type, action, reason, note })`: events.k8s.io/v1, deduplicated, rate-limited.
 * - Conditions: `setCondition`, and the kstatus trio `markReconciling` / `markReady` / `markStalled`.
 *
 * Observability: `/metrics` (controller-runtime names; `recordArmRequest` for the Azure layer), `/healthz`,
 * `/readyz`; pino JSON logs with secret redaction (`createLogger`).
 */

export { Manager, FIELD_MANAGER, REPORTING_CONTROLLER } from './manager.ts';
export type { ManagerOptions, ControllerSpec, WatchSpec } from './manager.ts';
export type { Controller, Reconciler, ReconcileContext, Result } from './controller.ts';
export { TerminalError, isTerminalError, ReconcileAbortedError, abortReason } from './errors.ts';
export type { AbortReason } from './errors.ts';
export type { Informer, InformerHandler, NamespaceScope } from './informer.ts';
export type { CacheReader, IndexFunc } from './cache.ts';
export { KubeHttp, KubeApiError, NotLeaderError, isNotFound, isConflict, isGone } from './kube-http.ts';
export type { PatchType, RequestOptions } from './kube-http.ts';
export { keyOf, parseKey, requestKey, collectionPath, objectPath, apiVersionOf } from './resource.ts';
export type { KubeList, KubeObject, ObjectMeta, OwnerReference, Request, ResourceKind } from './resource.ts';
export { enqueueByIndex, enqueueOwner } from './mappers.ts';
export { addFinalizer, removeFinalizer, hasFinalizer } from './finalizers.ts';
export { ownerReferenceFor, setControllerReference, controllerOf } from './owner-references.ts';
export { StatusWriter, jsonEqual } from './status-writer.ts';
export { setCondition, getCondition, isConditionTrue, removeCondition, formatTime } from './conditions.ts';
export type { Condition, ConditionInput, ConditionStatus } from './conditions.ts';
export { markReady, markReconciling, markStalled, READY, RECONCILING, STALLED } from './kstatus.ts';
export type { KStatus } from './kstatus.ts';
export { EventRecorder } from './events.ts';
export type { EventInput, EventType } from './events.ts';
export { recordArmRequest, registry } from './metrics.ts';
export type { ArmRequestSample } from './metrics.ts';
export { ItemBackoff } from './backoff.ts';
export { createLogger } from './logger.ts';
export type { Logger } from './logger.ts';
