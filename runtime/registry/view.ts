/**
 * The watched, cached view of one service in one registry, shared by every
 * client of that registry object. It keeps the last good list through an
 * outage and records why it is stale, so the caller's error can say
 * "registry ... unreachable since 12:03:11, using 3 cached instances"
 * instead of "no instance registered".
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { Instance, Registry } from "./registry.js";

/** Told the previous and the new list after every change. */
export type ViewListener = (next: readonly Instance[], previous: readonly Instance[]) => void;

/** A failed first list is retried by a pick at most this often, ms. */
const RELIST_MIN_INTERVAL_MS = 1000;

export class InstanceView {
  readonly registry: Registry;
  readonly service: string;
  /** Frozen; a new array on every change (its identity is the version). */
  instances: readonly Instance[] = Object.freeze([]);
  /** Pending while the first list is on its way. */
  ready: Promise<void> | undefined;
  /** When the registry was last found unreachable (undefined: fresh). */
  staleSince: number | undefined;
  #staleReason = "";
  /** Bumped on every push, so a slow `list()` cannot overwrite a newer push. */
  #pushes = 0;
  #lastList = 0;
  readonly #listeners = new Set<ViewListener>();
  #users = 0;
  readonly #unwatch: () => void;

  constructor(registry: Registry, service: string) {
    this.registry = registry;
    this.service = service;
    // Every field is set before watch(): a registry that calls back synchronously finds a complete view.
    this.#unwatch = registry.watch(
      service,
      (list) => {
        this.#pushes++;
        this.#set(list);
      },
      (error) => this.#markStale(error),
    );
    this.#relist();
  }

  /** Called with (next, previous) after every change; returns the unsubscribe function. */
  subscribe(listener: ViewListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The error for a call that found no instance: names the registry, and says
   * since when and why it is stale when it is. A stale empty view also starts
   * a new `list()` (at most once a second) so the next call may succeed.
   */
  emptyError(): RpcError {
    if (this.staleSince === undefined) {
      return new RpcError(Code.UNAVAILABLE, `no instance of ${this.service} is registered in ${this.registry.name}`, { notProcessed: true });
    }
    if (this.ready === undefined && Date.now() - this.#lastList >= RELIST_MIN_INTERVAL_MS) this.#relist();
    return new RpcError(Code.UNAVAILABLE, `no instance of ${this.service} known: ${this.staleText()}`, { notProcessed: true });
  }

  /** "registry X unreachable since 12:03:11 (why), using N cached instances" ("" when fresh). */
  staleText(): string {
    if (this.staleSince === undefined) return "";
    const at = new Date(this.staleSince).toISOString().slice(11, 19);
    const n = this.instances.length;
    return `registry ${this.registry.name} unreachable since ${at} UTC (${this.#staleReason}), using ${n} cached instance${n === 1 ? "" : "s"}`;
  }

  /** @internal Reference counting by `openView`. */
  retain(): void {
    this.#users++;
  }

  /** @internal True when the last user let go (the view is then closed). */
  release(): boolean {
    if (--this.#users > 0) return false;
    this.#unwatch();
    this.#listeners.clear();
    return true;
  }

  #relist(): void {
    this.#lastList = Date.now();
    const pushes = this.#pushes;
    const ready = this.registry.list(this.service).then(
      (list) => {
        if (this.#pushes === pushes) this.#set(list);
      },
      (error: unknown) => this.#markStale(error),
    );
    const settled = ready.then(() => {
      if (this.ready === settled) this.ready = undefined;
    });
    this.ready = settled;
  }

  #set(list: readonly Instance[]): void {
    this.staleSince = undefined;
    this.ready = undefined;
    const previous = this.instances;
    if (sameList(previous, list)) return;
    this.instances = Object.freeze([...list]);
    for (const listener of this.#listeners) listener(this.instances, previous);
  }

  #markStale(error: unknown): void {
    this.staleSince ??= Date.now();
    this.#staleReason = error instanceof Error ? error.message : String(error);
  }
}

function sameList(a: readonly Instance[], b: readonly Instance[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  return true;
}

const views = new WeakMap<Registry, Map<string, InstanceView>>();

/** The shared view of `service` in `registry` (created on first use); give it back with `closeView`. */
export function openView(registry: Registry, service: string): InstanceView {
  let byService = views.get(registry);
  if (byService === undefined) views.set(registry, (byService = new Map()));
  let view = byService.get(service);
  if (view === undefined) byService.set(service, (view = new InstanceView(registry, service)));
  view.retain();
  return view;
}

/** Let go of a view from `openView`; the last user closes its watch. */
export function closeView(view: InstanceView): void {
  if (view.release()) views.get(view.registry)?.delete(view.service);
}
