import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { Instance, InstanceListener, Registry } from "./registry.js";
import { instanceKey, makeInstance } from "./registry.js";

/** One `host:port` address. */
export interface Address {
  readonly host: string;
  readonly port: number;
}

/**
 * Parse `host:port[,host:port...]` (IPv6 hosts in brackets: `[::1]:7001`).
 * Throws INVALID_ARGUMENT with the offending part.
 */
export function parseAddressList(text: string): Address[] {
  const out: Address[] = [];
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (part === "") continue;
    const m = /^(?:\[([^\]]+)\]|([^:\[\]]+)):(\d{1,5})$/.exec(part);
    const port = m === null ? NaN : Number(m[3]);
    if (m === null || !(port > 0 && port < 65536)) {
      throw new RpcError(Code.INVALID_ARGUMENT, `bad address "${part}": expected host:port, e.g. 127.0.0.1:7001`);
    }
    out.push({ host: (m[1] ?? m[2])!, port });
  }
  if (out.length === 0) throw new RpcError(Code.INVALID_ARGUMENT, `no address in "${text}": expected host:port[,host:port]`);
  return out;
}

/**
 * A fixed list of addresses (`static://h:p,h:p`): every service is served by
 * every address. Read-only: register/deregister reject with FAILED_PRECONDITION.
 */
export class StaticRegistry implements Registry {
  readonly name: string;
  readonly #addresses: readonly Address[];

  constructor(addresses: readonly Address[] | string) {
    const text = typeof addresses === "string" ? addresses.replace(/^static:\/\//, "") : undefined;
    this.#addresses = text === undefined ? [...(addresses as readonly Address[])] : parseAddressList(text);
    this.name = `static://${this.#addresses.map(instanceKey).join(",")}`;
  }

  async register(_instance: Instance, _ttlMs: number): Promise<void> {
    throw new RpcError(Code.FAILED_PRECONDITION, "a static registry is read-only: list the address in the client's target instead");
  }

  async deregister(_instance: Instance): Promise<void> {
    throw new RpcError(Code.FAILED_PRECONDITION, "a static registry is read-only");
  }

  async list(service: string): Promise<readonly Instance[]> {
    return this.#instances(service);
  }

  watch(service: string, listener: InstanceListener): () => void {
    let live = true;
    queueMicrotask(() => {
      if (live) listener(this.#instances(service));
    });
    return () => {
      live = false;
    };
  }

  async close(): Promise<void> {}

  #instances(service: string): Instance[] {
    return this.#addresses.map((a) => makeInstance({ service, host: a.host, port: a.port, startTime: 0 }));
  }
}
