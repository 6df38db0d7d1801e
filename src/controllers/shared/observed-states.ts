// The provisioningState Azure last reported for each resource a run observed, for status fields that promise "as
// Azure last reported it" (the executor itself only says whether a node is done).
import type { AdapterSet, ResourceAdapter } from '../../plan/index.ts';

export interface ObservedStates {
  readonly adapters: AdapterSet;
  /** provisioningState of `id` at its last observation in this run; undefined when not observed or gone. */
  stateOf(id: string): string | undefined;
}

export function recordProvisioningStates(base: AdapterSet): ObservedStates {
  const states = new Map<string, string | undefined>();
  const wrapped = new Map<string, ResourceAdapter>();
  const wrap = (inner: ResourceAdapter): ResourceAdapter => {
    const note = (id: string, observed: unknown): void => {
      states.set(id.toLowerCase(), observed === undefined ? undefined : (inner.provisioningState(observed) ?? 'Succeeded'));
    };
    return {
      ...inner,
      async get(id, ctx) {
        const observed = await inner.get(id, ctx);
        note(id, observed);
        return observed;
      },
      async put(id, spec, observed, ctx) {
        const written = await inner.put(id, spec, observed, ctx);
        note(id, written);
        return written;
      },
    };
  };
  return {
    adapters: {
      resource(key) {
        const inner = base.resource(key);
        if (!inner) return undefined;
        let adapter = wrapped.get(key);
        if (!adapter) wrapped.set(key, (adapter = wrap(inner)));
        return adapter;
      },
      action: (key) => base.action(key),
      classifyError: (err) => base.classifyError(err),
    },
    stateOf: (id) => states.get(id.toLowerCase()),
  };
}
