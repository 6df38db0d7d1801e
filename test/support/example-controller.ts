/**
 * A trivial controller on a throwaway CRD (`widgets.test.secureml.io`), used by the runtime's integration tests and
 * by test/support/example-operator.ts. It exercises what the product controllers rely on: finalizer, kstatus
 * conditions, status written only on change, events, a related watch through an index, and abort signals.
 *
 * spec.mode: Ready (default) | Slow (reports Reconciling, then waits for its signal to abort) | Stalled (terminal
 * error) | Failing (throws a transient error every time).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import {
  KubeHttp,
  TerminalError,
  abortReason,
  addFinalizer,
  enqueueByIndex,
  isConflict,
  markReady,
  markReconciling,
  markStalled,
  removeFinalizer,
} from '../../src/runtime/index.ts';
import type { AbortReason, Condition, ControllerSpec, KubeObject, Manager, ResourceKind } from '../../src/runtime/index.ts';

export const WIDGETS: ResourceKind = { group: 'test.secureml.io', version: 'v1', plural: 'widgets' };
export const CONFIGMAPS: ResourceKind = { group: '', version: 'v1', plural: 'configmaps' };
export const WIDGET_FINALIZER = 'test.secureml.io/finalizer';

export interface Widget extends KubeObject {
  spec: { size?: number; mode?: 'Ready' | 'Slow' | 'Stalled' | 'Failing'; configMapRef?: string };
  status?: {
    observedGeneration?: number;
    conditions?: Condition[];
    configValue?: string;
    reconciledBy?: string;
  };
}

export interface WidgetHooks {
  /** Called at the start of every reconcile, with the generation it sees. */
  onReconcile?: (name: string, generation: number | undefined) => void;
  /** Called when a Slow reconcile's signal aborts, with the reason. */
  onAbort?: (name: string, reason: AbortReason | undefined) => void;
}

export function widgetController(manager: Manager, hooks: WidgetHooks = {}): ControllerSpec<Widget> {
  const widgets = manager.informer<Widget>(WIDGETS);
  const configMaps = manager.informer<KubeObject & { data?: Record<string, string> }>(CONFIGMAPS);
  const patchOptions = { fieldManager: manager.fieldManager };
  return {
    name: 'widget',
    kind: WIDGETS,
    indexes: {
      configmap: (w) => (w.spec.configMapRef ? [`${w.metadata.namespace}/${w.spec.configMapRef}`] : []),
    },
    watches: [{ kind: CONFIGMAPS, map: enqueueByIndex('configmap') }],
    reconciler: {
      async reconcile(req, ctx) {
        const cached = widgets.get(req.namespace, req.name);
        hooks.onReconcile?.(req.name, cached?.metadata.generation);
        if (!cached) return;
        if (cached.metadata.deletionTimestamp) {
          await manager.events.record(cached, { type: 'Normal', action: 'Delete', reason: 'Deleted', note: 'Widget cleaned up' });
          await removeFinalizer(manager.http, WIDGETS, cached, WIDGET_FINALIZER, { ...patchOptions, signal: ctx.signal });
          return;
        }
        const widget = await addFinalizer(manager.http, WIDGETS, cached, WIDGET_FINALIZER, { ...patchOptions, signal: ctx.signal });
        const generation = widget.metadata.generation ?? 0;
        const current = widget.status ?? {};
        switch (widget.spec.mode ?? 'Ready') {
          case 'Slow': {
            await manager.status.apply(WIDGETS, widget, markReconciling(current, generation, 'Progressing', 'Working slowly'));
            await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
            hooks.onAbort?.(req.name, abortReason(ctx.signal));
            throw ctx.signal.reason;
          }
          case 'Stalled': {
            const stalled = markStalled(current, generation, 'InvalidSpec', 'mode Stalled can never succeed');
            if (await manager.status.apply(WIDGETS, widget, stalled)) {
              await manager.events.record(widget, { type: 'Warning', action: 'Reconcile', reason: 'InvalidSpec', note: 'mode Stalled can never succeed' });
            }
            throw new TerminalError('mode Stalled can never succeed');
          }
          case 'Failing': {
            await manager.events.record(widget, { type: 'Warning', action: 'Reconcile', reason: 'ReconcileFailed', note: 'simulated transient failure' });
            throw new Error('simulated transient failure');
          }
          case 'Ready': {
            const ref = widget.spec.configMapRef;
            const configValue = ref ? configMaps.get(req.namespace, ref)?.data?.['value'] : undefined;
            const desired = markReady({ ...current, configValue, reconciledBy: manager.identity }, generation, 'Succeeded', `size ${widget.spec.size ?? 0}`);
            if (await manager.status.apply(WIDGETS, widget, desired, { signal: ctx.signal })) {
              await manager.events.record(widget, { type: 'Normal', action: 'Reconcile', reason: 'Reconciled', note: 'Widget is ready' });
            }
            return {};
          }
        }
      },
    },
  };
}

/** Installs the Widget CRD if missing and waits until it is Established. Safe to call from parallel test files. */
export async function ensureWidgetCrd(kc: KubeConfig): Promise<void> {
  // Raw JSON: client-node's typed schema model renames `enum`/`default`.
  const http = new KubeHttp(kc);
  const crdsPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  const name = `${WIDGETS.plural}.${WIDGETS.group}`;
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: {
      group: WIDGETS.group,
      scope: 'Namespaced',
      names: { plural: WIDGETS.plural, singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        {
          name: WIDGETS.version,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    size: { type: 'integer' },
                    mode: { type: 'string', enum: ['Ready', 'Slow', 'Stalled', 'Failing'] },
                    configMapRef: { type: 'string' },
                  },
                },
                status: {
                  type: 'object',
                  default: { observedGeneration: -1 },
                  'x-kubernetes-preserve-unknown-fields': true,
                },
              },
            },
          },
        },
      ],
    },
  };
  try {
    await http.json('POST', crdsPath, { body: crd });
  } catch (err) {
    if (!isConflict(err)) throw err;
  }
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const current = await http.get<{ status?: { conditions?: { type: string; status: string }[] } }>(`${crdsPath}/${name}`);
      if (current.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') && (await servesLists(http))) return;
      if (Date.now() > deadline) throw new Error(`CRD ${name} not Established and served after 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await http.close();
  }
}

/** Right after Established, lists answer 429 "storage is (re)initializing" until the watch cache is ready. */
async function servesLists(http: KubeHttp): Promise<boolean> {
  try {
    await http.get(`/apis/${WIDGETS.group}/${WIDGETS.version}/${WIDGETS.plural}`, { query: { limit: 1 } });
    return true;
  } catch {
    return false;
  }
}

/** Test-side Widget client (raw requests; spec changes are merge patches, so they never conflict). */
export function widgetApi(kc: KubeConfig) {
  const http = new KubeHttp(kc);
  const path = (namespace: string, name?: string): string =>
    `/apis/${WIDGETS.group}/${WIDGETS.version}/namespaces/${namespace}/${WIDGETS.plural}${name ? `/${name}` : ''}`;
  return {
    create: (namespace: string, name: string, spec: Widget['spec']) =>
      http.json<Widget>('POST', path(namespace), { body: { apiVersion: 'test.secureml.io/v1', kind: 'Widget', metadata: { name }, spec } }),
    get: (namespace: string, name: string) => http.get<Widget>(path(namespace, name)),
    patchSpec: (namespace: string, name: string, spec: Widget['spec']) =>
      http.json<Widget>('PATCH', path(namespace, name), { body: { spec }, patchType: 'merge' }),
    remove: (namespace: string, name: string) => http.json('DELETE', path(namespace, name)),
    close: () => http.close(),
  };
}
