/** TLS and mutual TLS with certificates made at test time. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { Echo } from "../../helpers/descriptors.js";
import { makePki, type TestPki } from "../../helpers/certs.js";
import { rejectionOf, startEcho, waitFor, type Started } from "../../helpers/echo-server.js";

const echo = Echo.methods["echo"]!;

describe("transport: TLS", function () {
  let pki: TestPki;
  before(() => {
    pki = makePki();
  });
  after(() => pki.cleanup());

  describe("server-authenticated TLS", () => {
    let started: Started;
    before(async () => {
      started = await startEcho({ tls: { key: pki.serverKey, cert: pki.serverCert } });
    });
    after(() => started.server.close());

    it("serves a client that trusts the CA", async () => {
      const client = createClient({ target: started.target, tls: { ca: pki.caCert } });
      try {
        expect(await client.unary(echo, { text: "over tls" })).to.equal("over tls");
      } finally {
        await client.close();
      }
    });

    it("fails with UNAVAILABLE (not processed) when the client does not trust the server", async () => {
      const client = createClient({ target: started.target, tls: {} });
      try {
        const error = (await rejectionOf(client.unary(echo, { text: "x" }))) as RpcError;
        expect(error.code).to.equal(Code.UNAVAILABLE);
        expect(error.notProcessed).to.equal(true);
      } finally {
        await client.close();
      }
    });

    it("does not mark a call lost after the handshake completed as not processed", async () => {
      const own = await startEcho({ tls: { key: pki.serverKey, cert: pki.serverCert }, shutdownTimeout: 50 });
      const client = createClient({ target: own.target, tls: { ca: pki.caCert } });
      try {
        const call = rejectionOf(client.unary(Echo.methods["sleep"]!, { ms: 20_000 }, { timeout: 30_000 }));
        await waitFor(() => own.probe.sleepers.length === 1, 5000, "the handler to run");
        await own.server.close();
        const error = (await call) as RpcError;
        expect(error.code).to.equal(Code.UNAVAILABLE);
        expect(error.notProcessed).to.equal(false);
      } finally {
        await client.close({ force: true });
      }
    });

    it("refuses a plain TCP client without disturbing TLS clients", async () => {
      const plain = createClient({ target: started.target, timeout: 2000 });
      const good = createClient({ target: started.target, tls: { ca: pki.caCert } });
      try {
        const error = (await rejectionOf(plain.unary(echo, { text: "x" }))) as RpcError;
        expect([Code.UNAVAILABLE, Code.DEADLINE_EXCEEDED]).to.include(error.code);
        expect(await good.unary(echo, { text: "fine" })).to.equal("fine");
      } finally {
        await plain.close({ force: true });
        await good.close();
      }
    });
  });

  describe("mutual TLS", () => {
    let started: Started;
    before(async () => {
      started = await startEcho({ tls: { key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true } });
    });
    after(() => started.server.close());

    it("serves a client with a certificate signed by the CA", async () => {
      const client = createClient({ target: started.target, tls: { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey } });
      try {
        expect(await client.unary(echo, { text: "mutual" })).to.equal("mutual");
      } finally {
        await client.close();
      }
    });

    for (const [name, creds] of [
      ["without a certificate", () => ({ ca: pki.caCert })],
      ["with a certificate from another CA", () => ({ ca: pki.caCert, cert: pki.rogueCert, key: pki.rogueKey })],
    ] as const) {
      it(`rejects a client ${name}`, async () => {
        const client = createClient({ target: started.target, tls: creds(), timeout: 3000 });
        try {
          const error = (await rejectionOf(client.unary(echo, { text: "x" }))) as RpcError;
          expect(error.code).to.equal(Code.UNAVAILABLE);
          // The handshake failed, so the server never read the request: safe to send elsewhere.
          expect(error.notProcessed, error.message).to.equal(true);
          expect(started.probe.sleepers).to.have.length(0);
        } finally {
          await client.close({ force: true });
        }
      });
    }
  });
});
