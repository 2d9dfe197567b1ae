/**
 * The ceiling: what Node does on a socket with no framework at all. A bare
 * node:net echo with length-prefixed frames, request ids, msgpackr bodies,
 * pipelining and one write per tick on both sides. rpcgen is measured against it.
 */
import { createServer, connect, type Socket } from "node:net";
import { once } from "node:events";
import { Packr } from "msgpackr";
import type { BenchItem } from "../payload.js";
import type { Done, PeerClient, PeerServer } from "./peer.js";
import { BatchWriter, FrameReader, packFrame } from "./ceiling-framing.js";

/** Id 0 marks a oneway frame: the server counts it and answers nothing. */
const ONEWAY_ID = 0;

function newPackr(): Packr {
  // Plain maps, as a framework without shared record definitions would send them.
  return new Packr({ useRecords: false });
}

export async function startServer(): Promise<PeerServer> {
  let receipts = 0;
  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    const packr = newPackr();
    const writer = new BatchWriter(socket);
    const reader = new FrameReader((id, body) => {
      const request = packr.unpack(body);
      if (id === ONEWAY_ID) {
        receipts++;
        return;
      }
      writer.write(packFrame(packr, id, request));
    });
    socket.on("data", (chunk: Buffer) => reader.push(chunk));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("ceiling: server has no TCP address");
  return {
    port: address.port,
    receipts: () => receipts,
    errors: () => 0, // a bad frame would throw out of the data handler and end the run
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class CeilingClient implements PeerClient {
  readonly #socket: Socket;
  readonly #writer: BatchWriter;
  readonly #packr = newPackr();
  readonly #pending = new Map<number, Done>();
  #nextId = 1;

  constructor(socket: Socket) {
    this.#socket = socket;
    this.#writer = new BatchWriter(socket);
    const reader = new FrameReader((id, body) => {
      const done = this.#pending.get(id);
      if (done === undefined) return;
      this.#pending.delete(id);
      done(undefined, this.#packr.unpack(body));
    });
    socket.on("data", (chunk: Buffer) => reader.push(chunk));
    socket.on("close", () => this.#failAll(new Error("ceiling: connection closed")));
    socket.on("error", () => undefined); // "close" follows and fails what is pending
  }

  prepare(item: BenchItem): unknown {
    return item;
  }

  unaryCallback(request: unknown, done: Done): void {
    const id = this.#nextId;
    this.#nextId = id === 0xffffffff ? 1 : id + 1;
    this.#pending.set(id, done);
    this.#writer.write(packFrame(this.#packr, id, request));
  }

  close(): Promise<void> {
    this.#socket.end();
    return Promise.resolve();
  }

  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const done of pending) done(error);
  }
}

export async function connectClient(port: number): Promise<PeerClient> {
  const socket = connect({ host: "127.0.0.1", port, noDelay: true });
  await once(socket, "connect");
  return new CeilingClient(socket);
}
