/** Write batching: frames queued in one tick leave in one socket write. */
import { expect } from "chai";
import { Socket } from "node:net";
import { createClient } from "../../../runtime/client/channel.js";
import { Echo } from "../../helpers/descriptors.js";
import { startEcho } from "../../helpers/echo-server.js";

describe("transport: write batching", function () {
  it("sends 50 requests issued in the same tick with one socket write", async () => {
    const started = await startEcho();
    const client = createClient({ target: started.target });
    const original = Socket.prototype.write;
    let clientWrites = 0;
    try {
      await client.unary(Echo.methods["echo"]!, { text: "warm up" }); // the connection exists before counting
      Socket.prototype.write = function (this: Socket, ...args: unknown[]) {
        if (this.remotePort === started.port) clientWrites++;
        return (original as (...a: unknown[]) => boolean).apply(this, args);
      } as typeof original;
      const texts = Array.from({ length: 50 }, (_, i) => `b${i}`);
      const results = await Promise.all(texts.map((t) => client.unary(Echo.methods["echo"]!, { text: t })));
      expect(results).to.deep.equal(texts);
      expect(clientWrites).to.equal(1);
    } finally {
      Socket.prototype.write = original;
      await client.close();
      await started.server.close();
    }
  });

  it("keeps frames intact when large bodies (written from their own buffers) and small ones share a batch", async () => {
    const started = await startEcho();
    const client = createClient({ target: started.target });
    try {
      const texts = Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? String.fromCharCode(97 + i).repeat(20_000 + i) : `s${i}`));
      const results = await Promise.all(texts.map((t) => client.unary(Echo.methods["echo"]!, { text: t })));
      expect(results).to.deep.equal(texts);
      const blobs = (await Promise.all([40_000, 10, 9000].map((n) => client.unary(Echo.methods["blob"]!, { size: n })))) as Uint8Array[];
      expect(blobs.map((b) => [b.length, b.every((x) => x === 7)])).to.deep.equal([[40_000, true], [10, true], [9000, true]]);
    } finally {
      await client.close();
      await started.server.close();
    }
  });
});
