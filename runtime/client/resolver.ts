/**
 * Target -> instances. `static://` lists fixed addresses; `memory://` and
 * `registry://` watch a registry per service and keep the last list seen
 * (so calls go on to known instances while a registry is unreachable).
 */
import { RoundRobin } from "../balancer/round-robin.js";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { memoryRegistry } from "../registry/memory.js";
import { instanceKey, type Instance, type Registry } from "../registry/registry.js";
import { parseAddressList } from "../registry/static.js";

/** Picks the instance for one call of `service`. */
export interface Resolver {
  pick(service: string): Instance | Promise<Instance>;
  close(): void;
}

/** Build the resolver for a client target string. */
export function resolverFor(target: string, registry: Registry | undefined): Resolver {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1]?.toLowerCase();
  if (scheme === undefined) return new StaticResolver(target);
  if (scheme === "static") return new StaticResolver(target.slice("static://".length));
  if (scheme === "memory") return new RegistryResolver(registry ?? memoryRegistry);
  if (scheme === "registry") {
    if (registry === undefined) {
      throw new RpcError(Code.INVALID_ARGUMENT, 'target "registry://" needs the `registry` option (a Registry instance)');
    }
    return new RegistryResolver(registry);
  }
  throw new RpcError(Code.INVALID_ARGUMENT, `unknown target scheme "${scheme}://": use static://, memory:// or registry://`);
}

class StaticResolver implements Resolver {
  readonly #instances: Instance[];
  readonly #rr = new RoundRobin<Instance>();

  constructor(list: string) {
    this.#instances = parseAddressList(list).map((a) => ({
      service: "",
      host: a.host,
      port: a.port,
      weight: 100,
      group: "",
      labels: {},
      version: "",
      startTime: 0,
    }));
  }

  pick(): Instance {
    return this.#rr.pick(this.#instances)!;
  }

  close(): void {}
}

interface ServiceView {
  instances: readonly Instance[];
  ready: Promise<void> | undefined;
  readonly rr: RoundRobin<Instance>;
  readonly unwatch: () => void;
}

class RegistryResolver implements Resolver {
  readonly #registry: Registry;
  readonly #views = new Map<string, ServiceView>();

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  pick(service: string): Instance | Promise<Instance> {
    let view = this.#views.get(service);
    if (view === undefined) {
      const v: ServiceView = {
        instances: [],
        ready: undefined,
        rr: new RoundRobin<Instance>(),
        unwatch: this.#registry.watch(service, (list) => {
          v.instances = list;
          v.ready = undefined;
        }),
      };
      v.ready = this.#registry.list(service).then(
        (list) => {
          if (v.ready !== undefined) v.instances = list;
          v.ready = undefined;
        },
        () => {
          v.ready = undefined;
        },
      );
      this.#views.set(service, (view = v));
    }
    if (view.ready !== undefined) {
      const v = view;
      return view.ready.then(() => this.#choose(service, v));
    }
    return this.#choose(service, view);
  }

  #choose(service: string, view: ServiceView): Instance {
    const instance = view.rr.pick(view.instances);
    if (instance === undefined) {
      throw new RpcError(Code.UNAVAILABLE, `no instance of ${service} is registered`, { notProcessed: true });
    }
    return instance;
  }

  close(): void {
    for (const view of this.#views.values()) view.unwatch();
    this.#views.clear();
  }
}

export { instanceKey };
