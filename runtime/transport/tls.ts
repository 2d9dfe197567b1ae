/** TLS sockets (node:tls): server with optional client certificates (mTLS), client with a CA. */
import type { Server, Socket } from "node:net";
import { connect, createServer } from "node:tls";
import { awaitConnect, type Endpoint } from "./tcp.js";

type Pem = string | Buffer | (string | Buffer)[];

/** Server TLS options. */
export interface ServerTlsOptions {
  /** Private key (PEM). */
  readonly key: Pem;
  /** Certificate chain (PEM). */
  readonly cert: Pem;
  /** CA(s) that client certificates must chain to (mTLS). */
  readonly ca?: Pem;
  /** Ask clients for a certificate and reject those not signed by `ca` (mTLS). Default false. */
  readonly requestCert?: boolean;
}

/** Client TLS options. */
export interface ClientTlsOptions {
  /** CA(s) the server certificate must chain to (default: the system store). */
  readonly ca?: Pem;
  /** Client certificate and key for mTLS. */
  readonly cert?: Pem;
  readonly key?: Pem;
  /** Name checked against the server certificate (default: the target host). */
  readonly servername?: string;
  /** Default true; only turn off for local experiments. */
  readonly rejectUnauthorized?: boolean;
}

/** Open a TLS connection; rejects with UNAVAILABLE (not processed) on failure, bad certificate or timeout. */
export function connectTls(endpoint: Endpoint, tls: ClientTlsOptions, timeoutMs: number): Promise<Socket> {
  const socket = connect({
    host: endpoint.host,
    port: endpoint.port,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
    servername: tls.servername ?? (isIp(endpoint.host) ? undefined : endpoint.host),
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
  });
  return awaitConnect(socket, "secureConnect", endpoint, timeoutMs);
}

/** A TLS listener; with `requestCert`, clients without a certificate signed by `ca` are refused. */
export function createTlsListener(tls: ServerTlsOptions, onSocket: (socket: Socket) => void, handshakeTimeoutMs = 10_000): Server {
  const server = createServer(
    {
      handshakeTimeout: handshakeTimeoutMs,
      key: tls.key,
      cert: tls.cert,
      ca: tls.ca,
      requestCert: tls.requestCert ?? false,
      rejectUnauthorized: tls.requestCert ?? false,
    },
    onSocket,
  );
  // A failed handshake is the peer's problem: the socket is destroyed, nothing to log here.
  server.on("tlsClientError", () => {});
  return server;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}
