/**
 * rpcgen: the generated BenchService client and server (from bench/idl/bench.idl
 * by the real CLI, see ../gen.ts) over the runtime's TCP transport and default
 * codec, used exactly as the README shows.
 */
import { pathToFileURL } from "node:url";
import { createClient, createServer, type Channel, type ServerOptions, type ServiceDescriptor } from "../../runtime/index.js";
import type { ClientOptions } from "../../runtime/client/options.js";
import type { BenchItem } from "../payload.js";
import { generatedModule } from "../paths.js";
import type { PeerClient, PeerServer } from "./peer.js";

/** The generated message type (int64 is a bigint). */
interface Item {
  id: bigint;
  name: string;
  tags: string[];
  score: number;
}

/** The generated request of both methods: `{ item }`. */
interface ItemRequest {
  item: Item;
}

interface BenchHandler {
  echo(request: ItemRequest): Item;
  notify(request: ItemRequest): void;
}

interface BenchClient {
  echo(request: ItemRequest): Promise<Item>;
  notify(request: ItemRequest): Promise<void>;
}

/** What the bench code uses of the generated module (checked when it is loaded). */
interface GeneratedBench {
  BenchService: ServiceDescriptor<BenchHandler>;
  BenchServiceClient: new (channel: Channel) => BenchClient;
}

async function loadGenerated(): Promise<GeneratedBench> {
  const path = generatedModule();
  const mod = (await import(pathToFileURL(path).href)) as Partial<GeneratedBench>;
  if (mod.BenchService === undefined || typeof mod.BenchServiceClient !== "function") {
    throw new Error(`rpcgen: ${path} lacks BenchService / BenchServiceClient`);
  }
  return mod as GeneratedBench;
}

export function startServer(): Promise<PeerServer> {
  return startRpcgenServer({});
}

/** The bench server with extra server options (other rpcgen contenders vary only these). */
export async function startRpcgenServer(options: ServerOptions): Promise<PeerServer> {
  const { BenchService } = await loadGenerated();
  let receipts = 0;
  let errors = 0;
  // Counted, not printed: a oneway's failure reaches no caller, so the bench reports it instead.
  const server = createServer({ ...options, onError: () => void errors++ });
  server.add(BenchService, {
    echo: ({ item }) => item,
    notify: () => {
      receipts++;
    },
  });
  const address = await server.listen({ host: "127.0.0.1", port: 0 });
  return { port: address.port, receipts: () => receipts, errors: () => errors, close: () => server.close() };
}

export async function connectClient(port: number): Promise<PeerClient> {
  return connectWith({ target: `static://127.0.0.1:${port}` });
}

/** The generated service's name (three-server peers register it). */
export async function serviceName(): Promise<string> {
  return (await loadGenerated()).BenchService.name;
}

/** A client on a channel made with `options` (rpcgen-three.ts uses a memory:// view). */
export async function connectWith(options: ClientOptions): Promise<PeerClient> {
  const { BenchServiceClient } = await loadGenerated();
  const channel = createClient(options);
  const client = new BenchServiceClient(channel);
  return {
    // The request object is built once per payload, as the other contenders build their messages.
    prepare: (item: BenchItem): ItemRequest => ({ item: { ...item, id: BigInt(item.id) } }),
    unaryAsync: (request) => client.echo(request as ItemRequest),
    onewayAsync: (request) => client.notify(request as ItemRequest),
    close: () => channel.close(),
  };
}
