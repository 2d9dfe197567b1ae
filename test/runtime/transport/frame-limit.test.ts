/** Frames right at the size limit: a response as large as the limit allows must go through. */
import { expect } from "chai";
import { createClient } from "../../../runtime/client/channel.js";
import { Code } from "../../../runtime/codes.js";
import type { RpcError } from "../../../runtime/errors.js";
import { frameFits } from "../../../runtime/transport/body.js";
import { emptyHeader } from "../../../runtime/protocol/index.js";
import { bareMethod, bareService, serve } from "../../helpers/net-service.js";
import { rejectionOf } from "../../helpers/echo-server.js";

const LIMIT = 100_000;
/** msgpack bin32: 1 type byte + 4 length bytes before the data. */
const BIN32_HEAD = 5;
const blob = bareMethod("test.Blob", "blob", { kind: "bytes" });

describe("transport: responses at the frame limit", () => {
  it("frameFits reserves the timeout field for requests only", () => {
    const h = emptyHeader();
    expect(frameFits(h, LIMIT, LIMIT, false)).to.equal(true);
    expect(frameFits(h, LIMIT - 5, LIMIT, true)).to.equal(false);
    expect(frameFits(h, LIMIT - 6, LIMIT, true)).to.equal(true);
  });

  it("sends a response whose frame is exactly the limit, and refuses one byte more", async () => {
    let size = 0;
    const { server, target, reported } = await serve(bareService("test.Blob", [blob]), { blob: () => new Uint8Array(size).fill(1) }, {
      limits: { maxFrameBytes: LIMIT },
    });
    const client = createClient({ target, limits: { maxFrameBytes: LIMIT } });
    try {
      // A result has an empty header: the body alone may fill the frame.
      size = LIMIT - BIN32_HEAD;
      const got = (await client.unary(blob, {})) as Uint8Array;
      expect(got.byteLength).to.equal(size);
      size = LIMIT - BIN32_HEAD + 1;
      const error = (await rejectionOf(client.unary(blob, {}))) as RpcError;
      expect(error.code).to.equal(Code.RESOURCE_EXHAUSTED);
      expect(reported).to.deep.equal([]);
    } finally {
      await client.close();
      await server.close();
    }
  });
});
