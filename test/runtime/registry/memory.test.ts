/** The in-process registry passes the shared conformance suite. */
import { MemoryRegistry } from "../../../runtime/registry/memory.js";
import type { Registry } from "../../../runtime/registry/registry.js";
import { registryConformance } from "./conformance.js";

// One store, many "clients": each handle shares it, as Redis clients share a server.
const shared = new MemoryRegistry();
registryConformance("memory", async (): Promise<Registry> => ({
  name: shared.name,
  register: (i, ttl) => shared.register(i, ttl),
  deregister: (i) => shared.deregister(i),
  list: (s) => shared.list(s),
  watch: (s, l) => shared.watch(s, l),
  close: async () => {},
}));
