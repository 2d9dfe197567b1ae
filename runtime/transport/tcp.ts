/** Plain TCP sockets: connect with a timeout, listen. */
import { connect, createServer, type Server, type Socket } from "node:net";
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";

/** Where to connect. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Wait until `socket` emits `readyEvent`, failing with UNAVAILABLE (marked not
 * processed: nothing was sent) on error or after `timeoutMs`.
 */
export function awaitConnect(socket: Socket, readyEvent: string, endpoint: Endpoint, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const where = `${endpoint.host}:${endpoint.port}`;
    const timer = setTimeout(() => {
      fail(new Error(`connect timeout after ${timeoutMs} ms`));
      socket.destroy();
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve(socket);
    };
    const onError = (error: Error) => fail(error);
    const fail = (error: Error) => {
      cleanup();
      reject(
        new RpcError(Code.UNAVAILABLE, `cannot connect to ${where}: ${error.message}`, { notProcessed: true, cause: error }),
      );
    };
    const cleanup = () => {
      clearTimeout(timer);
      socket.off(readyEvent, onReady);
      socket.off("error", onError);
    };
    socket.once(readyEvent, onReady);
    socket.once("error", onError);
  });
}

/** Open a TCP connection; rejects with UNAVAILABLE (not processed) on failure or timeout. */
export function connectTcp(endpoint: Endpoint, timeoutMs: number): Promise<Socket> {
  const socket = connect({ host: endpoint.host, port: endpoint.port });
  return awaitConnect(socket, "connect", endpoint, timeoutMs);
}

/** A TCP listener handing each accepted socket to `onSocket`. */
export function createTcpListener(onSocket: (socket: Socket) => void): Server {
  return createServer({ noDelay: true }, onSocket);
}
