/**
 * The hex test vectors of docs/protocol.md, parsed from the page itself and
 * compared with what the implementation writes, so the docs cannot drift.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { encodeArgs, encodeIdlError, encodeResult, msgpackSerializer as s, structType, jsonSerializer } from "../../../runtime/codec/index.js";
import { createFrameDecoder, DEFAULT_FRAME_LIMITS, emptyHeader, encodeFrame, FrameFlag, FrameKind } from "../../../runtime/protocol/index.js";
import type { Frame, FrameHeader } from "../../../runtime/protocol/index.js";
import type { FieldSchema, MethodDescriptor, StructSchema, TypeSchema } from "../../../runtime/schema/types.js";
import { expectSameFrame } from "./helpers.js";

const docPath = new URL("../../../../docs/protocol.md", import.meta.url);

/** Every ```hex <name> block of the page, comments (after #) and spaces removed. */
function hexBlocks(markdown: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const m of markdown.matchAll(/```hex (\S+)\n([\s\S]*?)```/g)) {
    const hex = m[2]!
      .split("\n")
      .map((line) => line.replace(/#.*/, ""))
      .join("")
      .replace(/\s+/g, "");
    expect(hex, `block ${m[1]}`).to.match(/^([0-9a-f]{2})*$/);
    out.set(m[1]!, Buffer.from(hex, "hex"));
  }
  return out;
}

const f = (id: number, name: string, type: TypeSchema): FieldSchema => ({ id, name, type, optional: false, annotations: {} });
const Money: StructSchema = { kind: "struct", name: "Money", fullName: "shop.common.Money", annotations: {}, fields: [f(1, "currency", { kind: "string" }), f(2, "units", { kind: "int64" })] };
const NotFound: StructSchema = { kind: "error", name: "NotFound", fullName: "shop.orders.NotFound", annotations: {}, fields: [f(1, "id", { kind: "string" })] };
const price: MethodDescriptor = {
  name: "price",
  service: "shop.orders.OrderService",
  kind: "unary",
  params: [f(1, "sku", { kind: "string" }), f(2, "quantity", { kind: "int32" })],
  returns: structType(Money),
  throws: [NotFound],
  idempotent: true,
  annotations: {},
};
const header = (h: Partial<FrameHeader>): FrameHeader => ({ ...emptyHeader(), ...h });

const vectors: Record<string, Frame> = {
  request: {
    kind: FrameKind.REQUEST, flags: 0, serializer: 1, compressor: 0, requestId: 1,
    header: header({ service: "shop.orders.OrderService", method: "price", timeoutMs: 800, metadata: { "x-trace-id": "abc123" } }),
    body: encodeArgs(s, price, { sku: "A-1", quantity: 3 }),
  },
  response: { kind: FrameKind.RESPONSE, flags: 0, serializer: 1, compressor: 0, requestId: 1, header: header({}), body: encodeResult(s, price, { currency: "EUR", units: 1250n }) },
  "idl-error": {
    kind: FrameKind.RESPONSE, flags: FrameFlag.ERROR, serializer: 1, compressor: 0, requestId: 2,
    header: header({ status: "IDL:shop.orders.NotFound", message: "no order 42" }),
    body: encodeIdlError(s, NotFound, Object.assign(new Error("no order 42"), { id: "42" })),
  },
  "not-processed": {
    kind: FrameKind.RESPONSE, flags: FrameFlag.ERROR | FrameFlag.NOT_PROCESSED, serializer: 1, compressor: 0, requestId: 3,
    header: header({ status: "RESOURCE_EXHAUSTED", message: "too many calls" }),
    body: new Uint8Array(0),
  },
  ping: { kind: FrameKind.PING, flags: 0, serializer: 0, compressor: 0, requestId: 0, header: header({}), body: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 42) },
  goaway: {
    kind: FrameKind.GOAWAY, flags: 0, serializer: 0, compressor: 0, requestId: 0,
    header: header({ message: "server shutting down" }),
    body: Uint8Array.of(0, 0, 0, 5),
  },
  cancel: { kind: FrameKind.CANCEL, flags: 0, serializer: 0, compressor: 0, requestId: 1, header: header({}), body: new Uint8Array(0) },
};

describe("protocol: docs/protocol.md test vectors", () => {
  const markdown = readFileSync(docPath, "utf8");
  const blocks = hexBlocks(markdown);

  it("documents exactly the vectors this test knows", () => {
    expect([...blocks.keys()].sort()).to.deep.equal(Object.keys(vectors).sort());
  });

  for (const [name, frame] of Object.entries(vectors)) {
    it(`matches the "${name}" vector byte for byte and decodes back`, () => {
      const documented = blocks.get(name);
      expect(documented, `no hex block "${name}" in docs/protocol.md`).to.not.equal(undefined);
      expect(encodeFrame(frame).toString("hex")).to.equal(documented!.toString("hex"));
      const got: Frame[] = [];
      createFrameDecoder(DEFAULT_FRAME_LIMITS, (fr) => got.push(fr)).push(documented!);
      expect(got).to.have.length(1);
      expectSameFrame(got[0]!, frame);
    });
  }

  it("shows the JSON form of the request body as JSON encodes it", () => {
    expect(markdown).to.include("`" + Buffer.from(encodeArgs(jsonSerializer, price, { sku: "A-1", quantity: 3 })).toString() + "`");
  });
});
