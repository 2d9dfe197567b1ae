/**
 * RpcError and IdlError as users meet them: all gRPC codes, what a log
 * prints, and `instanceof` across two loaded copies of the runtime.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { Code, toCode } from "../../runtime/codes.js";
import { IdlError, RpcError } from "../../runtime/errors.js";
import type { StructSchema } from "../../runtime/schema/types.js";
import { createClient } from "../../runtime/client/channel.js";
import { createServer } from "../../runtime/server/server.js";
import { Echo, NotFound, NotFound$schema } from "../helpers/descriptors.js";
import { echoHandler, newProbe, rejectionOf } from "../helpers/echo-server.js";
import { repoRoot } from "../helpers/generate.js";

type ErrorsModule = typeof import("../../runtime/errors.js");

const schema = (fullName: string): StructSchema => ({ kind: "error", name: fullName.split(".").pop()!, fullName, fields: [], annotations: {} });

/** A class shaped like a generated IDL error, on top of a given IdlError base. */
function idlClass(base: ErrorsModule["IdlError"], fullName: string) {
  return class extends base {
    static override readonly schema = schema(fullName);
    constructor() {
      super("");
    }
  };
}

describe("errors", () => {
  it("knows the 16 gRPC codes, and reads them from the wire", () => {
    const grpc = [
      "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
      "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    ];
    expect(Object.keys(Code).sort()).to.deep.equal([...grpc].sort());
    for (const name of grpc) expect(toCode(name)).to.equal(name);
    expect(toCode("OK")).to.equal(Code.UNKNOWN);
  });

  it("prints the code: String(e) is 'RpcError: [ALREADY_EXISTS] order exists', and the stack says RpcError", () => {
    const e = new RpcError(Code.ALREADY_EXISTS, "order exists");
    expect(String(e)).to.equal("RpcError: [ALREADY_EXISTS] order exists");
    expect(`${e}`).to.equal("RpcError: [ALREADY_EXISTS] order exists");
    expect(e.message).to.equal("order exists");
    expect(e.name).to.equal("RpcError");
    expect(e.stack!.split("\n")[0]).to.equal("RpcError: order exists");
    expect(Object.keys(e)).to.not.include("name");
  });

  describe("instanceof across two copies of the runtime", () => {
    const dir = path.join(repoRoot, ".out", `runtime-copy-${randomBytes(6).toString("hex")}`);
    let other: ErrorsModule;

    before(async () => {
      fs.cpSync(path.join(repoRoot, "dist/runtime"), dir, { recursive: true });
      other = (await import(pathToFileURL(path.join(dir, "errors.js")).href)) as ErrorsModule;
      expect(other.RpcError, "a second copy, not the same module").to.not.equal(RpcError);
    });

    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("RpcError: either copy's error is an instance of both classes; from() passes it through", () => {
      const theirs = new other.RpcError(Code.ABORTED, "conflict");
      expect(theirs).to.be.instanceOf(RpcError);
      expect(new RpcError(Code.ABORTED, "x")).to.be.instanceOf(other.RpcError);
      expect(RpcError.from(theirs)).to.equal(theirs);
      expect(new Error("plain")).to.not.be.instanceOf(RpcError);
      expect({ code: "ABORTED", message: "look-alike" }).to.not.be.instanceOf(RpcError);
      // A subclass still checks its own prototype chain.
      class Special extends RpcError {}
      expect(new Special(Code.ABORTED, "s")).to.be.instanceOf(Special);
      expect(theirs).to.not.be.instanceOf(Special);
    });

    it("IDL errors: the same IDL error (by full name) from either copy matches; another does not", () => {
      const Ours = idlClass(IdlError, "shop.orders.NotFound");
      const Theirs = idlClass(other.IdlError, "shop.orders.NotFound");
      const Different = idlClass(IdlError, "shop.orders.Gone");
      expect(new Theirs()).to.be.instanceOf(Ours);
      expect(new Ours()).to.be.instanceOf(Theirs);
      expect(new Theirs()).to.be.instanceOf(IdlError);
      expect(new Ours()).to.be.instanceOf(other.IdlError);
      expect(new Theirs()).to.not.be.instanceOf(Different);
      expect(new RpcError(Code.NOT_FOUND, "x")).to.not.be.instanceOf(IdlError);
      expect(new Error("x")).to.not.be.instanceOf(Ours);
    });

    it("a handler's IDL error made with another copy of the runtime still reaches the caller typed", async () => {
      // Generated code that imports another copy of the runtime than the server's: before, the server took it for an unexpected error (INTERNAL).
      class TheirNotFound extends other.IdlError {
        static override readonly schema = NotFound$schema;
        readonly id = "7";
        readonly code = 3;
        constructor() {
          super("");
        }
      }
      const server = createServer({ onError: () => {} });
      server.add(Echo, { ...echoHandler(newProbe()), fail: () => { throw new TheirNotFound(); } });
      const { port } = await server.listen({ host: "127.0.0.1", port: 0 });
      const client = createClient({ target: `static://127.0.0.1:${port}` });
      try {
        const error = await rejectionOf(client.unary(Echo.methods.fail, { how: "x" }));
        expect(error).to.be.instanceOf(NotFound);
        expect(error).to.include({ id: "7", code: 3 });
      } finally {
        await client.close();
        await server.close();
      }
    });
  });
});
