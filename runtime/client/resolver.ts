/**
 * Target -> instances. `static://` lists fixed addresses; `memory://`,
 * `registry://` and adapter targets (`redis://`, `rediss://`, `etcd://`) read
 * the shared watched view of each service (registry/view.ts), which keeps the
 * last list through a registry outage. Choosing one instance is the
 * channel's job (routers, then a balancer).
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import { applicationService, servingOf } from "../registry/application.js";
import { memoryRegistry } from "../registry/memory.js";
import { instanceKey, makeInstance, type Instance, type Registry } from "../registry/registry.js";
import { adapterScheme, openRegistry } from "../registry/schemes.js";
import { parseAddressList } from "../registry/static.js";
import { closeView, openView, type InstanceView } from "../registry/view.js";

/** The instances of a service. */
export interface Resolver {
  /**
   * The current, non-empty list of `service` (synchronous on a warm view; the
   * same frozen array until the view changes). Throws, or rejects, UNAVAILABLE
   * not processed when no instance is known.
   */
  list(service: string): readonly Instance[] | Promise<readonly Instance[]>;
  /** Stop watching; closes a registry the resolver opened itself. */
  close(): Promise<void>;
}

/** Told the `host:port` key of an instance that left every view the resolver watches. */
export type LeftListener = (key: string) => void;

/** How a registry resolver finds services. */
export interface ResolverOptions {
  /** Options of a registry opened from the target. */
  readonly registryOptions?: object;
  /** service -> application, for services registered per application. */
  readonly applications?: Readonly<Record<string, string>>;
  /** Told when an instance left every view. */
  readonly onLeft?: LeftListener;
}

/** Build the resolver for a client target string. */
export function resolverFor(target: string, registry: Registry | undefined, options: ResolverOptions = {}): Resolver {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1]?.toLowerCase();
  if (scheme === undefined) return new StaticResolver(target);
  if (scheme === "static") return new StaticResolver(target.slice("static://".length));
  if (scheme === "memory") return new RegistryResolver(registry ?? memoryRegistry, false, options);
  if (scheme === "registry") {
    if (registry === undefined) {
      throw new RpcError(Code.INVALID_ARGUMENT, 'target "registry://" needs the `registry` option (a Registry instance)');
    }
    return new RegistryResolver(registry, false, options);
  }
  if (adapterScheme(target) !== undefined) return new RegistryResolver(openRegistry(target, options.registryOptions), true, options);
  throw new RpcError(
    Code.INVALID_ARGUMENT,
    `unknown target scheme "${scheme}://": use static://, memory://, registry://, redis://, rediss:// or etcd://`,
  );
}

class StaticResolver implements Resolver {
  readonly #instances: readonly Instance[];

  constructor(list: string) {
    this.#instances = Object.freeze(
      parseAddressList(list).map((a) => makeInstance({ service: "", host: a.host, port: a.port, startTime: 0 })),
    );
  }

  list(): readonly Instance[] {
    return this.#instances;
  }

  async close(): Promise<void> {}
}

interface Watched {
  readonly view: InstanceView;
  /** The view's list, or the service's part of application records; rebuilt only when the view changes. */
  instances: readonly Instance[];
  unsubscribe: () => void;
}

class RegistryResolver implements Resolver {
  #registry: Registry | undefined;
  readonly #opening: Promise<Registry> | undefined;
  readonly #owned: boolean;
  readonly #onLeft: LeftListener;
  readonly #applications: Readonly<Record<string, string>>;
  readonly #watched = new Map<string, Watched>();

  constructor(registry: Registry | Promise<Registry>, owned: boolean, options: ResolverOptions) {
    this.#owned = owned;
    this.#onLeft = options.onLeft ?? (() => {});
    this.#applications = options.applications ?? {};
    if (registry instanceof Promise) {
      this.#opening = registry.then((r) => (this.#registry = r));
      this.#opening.catch(() => {}); // reported to the calls that wait for it
    } else this.#registry = registry;
  }

  list(service: string): readonly Instance[] | Promise<readonly Instance[]> {
    const w = this.#watched.get(service);
    // The hot path: a warm view answers synchronously.
    if (w !== undefined && w.view.ready === undefined) return this.#current(w);
    if (w !== undefined) return w.view.ready!.then(() => this.#current(w));
    if (this.#registry === undefined) return this.#opening!.then(() => this.list(service));
    const watched = this.#watch(this.#registry, service);
    return watched.view.ready === undefined ? this.#current(watched) : watched.view.ready.then(() => this.#current(watched));
  }

  #watch(registry: Registry, service: string): Watched {
    const application = Object.hasOwn(this.#applications, service) ? this.#applications[service] : undefined;
    const derive = application === undefined ? (l: readonly Instance[]) => l : (l: readonly Instance[]) => servingOf(l, service);
    const view = openView(registry, application === undefined ? service : applicationService(application));
    const w: Watched = { view, instances: derive(view.instances), unsubscribe: () => {} };
    w.unsubscribe = view.subscribe((next) => {
      const before = w.instances;
      w.instances = derive(next);
      this.#left(w.instances, before);
    });
    this.#watched.set(service, w);
    return w;
  }

  #current(w: Watched): readonly Instance[] {
    if (w.instances.length === 0) throw w.view.emptyError();
    return w.instances;
  }

  /** Instances that left a view and are in no other view of this resolver. */
  #left(next: readonly Instance[], previous: readonly Instance[]): void {
    if (previous.length === 0) return;
    const still = new Set(next.map(instanceKey));
    for (const i of previous) {
      const key = instanceKey(i);
      if (still.has(key) || this.#inAnyView(key)) continue;
      still.add(key);
      this.#onLeft(key);
    }
  }

  #inAnyView(key: string): boolean {
    for (const w of this.#watched.values()) for (const i of w.instances) if (instanceKey(i) === key) return true;
    return false;
  }

  async close(): Promise<void> {
    for (const w of this.#watched.values()) {
      w.unsubscribe();
      closeView(w.view);
    }
    this.#watched.clear();
    if (!this.#owned) return;
    const registry = this.#registry ?? (await this.#opening!.catch(() => undefined));
    await registry?.close();
  }
}

export { instanceKey };
