/**
 * @grpc/grpc-js with @grpc/proto-loader: the same service over HTTP/2 + protobuf,
 * used as grpc-js users do (a loaded .proto, an insecure channel, one client).
 */
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { BenchItem } from "../payload.js";
import { benchProto } from "../paths.js";
import type { Done, PeerClient, PeerServer } from "./peer.js";

/** int64 as a JS number (the id fits in 2^53), as many grpc-js users configure it. */
const LOAD_OPTIONS: protoLoader.Options = { keepCase: true, longs: Number, defaults: true };

function serviceDefinition(): grpc.ServiceDefinition {
  const pkg = protoLoader.loadSync(benchProto, LOAD_OPTIONS);
  const def = pkg["bench.BenchService"];
  if (def === undefined || !("Echo" in def)) throw new Error(`grpc: bench.BenchService not found in ${benchProto}`);
  return def as grpc.ServiceDefinition;
}

export async function startServer(): Promise<PeerServer> {
  const server = new grpc.Server();
  const echo: grpc.handleUnaryCall<unknown, unknown> = (call, callback) => callback(null, call.request);
  server.addService(serviceDefinition(), { Echo: echo });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(error);
      else resolve(bound);
    });
  });
  return {
    port,
    receipts: () => 0,
    errors: () => 0, // grpc-js answers every failure; the client counts them
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

class GrpcClient implements PeerClient {
  readonly #client: grpc.Client;
  readonly #method: grpc.MethodDefinition<unknown, unknown>;

  constructor(port: number) {
    const def = serviceDefinition();
    const method = def["Echo"];
    if (method === undefined) throw new Error("grpc: method Echo missing");
    this.#method = method;
    const Ctor = grpc.makeClientConstructor(def, "BenchService");
    this.#client = new Ctor(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  prepare(item: BenchItem): unknown {
    return item;
  }

  unaryCallback(request: unknown, done: Done): void {
    // What the generated `client.Echo(request, callback)` does, without the dynamic lookup.
    const m = this.#method;
    this.#client.makeUnaryRequest(m.path, m.requestSerialize, m.responseDeserialize, request, done);
  }

  async ready(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#client.waitForReady(Date.now() + 5000, (error) => (error ? reject(error) : resolve()));
    });
  }

  close(): Promise<void> {
    this.#client.close();
    return Promise.resolve();
  }
}

export async function connectClient(port: number): Promise<PeerClient> {
  const client = new GrpcClient(port);
  await client.ready();
  return client;
}
