/** A closed connection must not stay reachable through its end-grace timer. */
import { expect } from "chai";
import { createServer, connect, type Socket } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { DEFAULT_FRAME_LIMITS } from "../../../runtime/protocol/index.js";
import { FramedConnection } from "../../../runtime/transport/framed-connection.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const turn = () => new Promise((resolve) => setImmediate(resolve));

const options = {
  limits: DEFAULT_FRAME_LIMITS,
  keepaliveIntervalMs: 0,
  keepaliveTimeoutMs: 0,
  idleTimeoutMs: 0,
  firstFrameTimeoutMs: 0,
  maxWriteBufferBytes: 1 << 20,
  minPingIntervalMs: 0,
  maxPingStrikes: 0,
};

describe("transport: end grace timer", () => {
  it("lets a connection closed after end() be collected at once", async () => {
    const listener = createServer((s) => s.on("end", () => s.end()));
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const port = (listener.address() as { port: number }).port;
    try {
      const refs: WeakRef<object>[] = [];
      for (let i = 0; i < 3; i++) {
        const socket = connect({ host: "127.0.0.1", port });
        await new Promise((resolve) => socket.once("connect", resolve));
        let conn: FramedConnection | undefined = new FramedConnection(socket, options, {
          onFrame: () => {},
          onClose: () => {},
          busy: () => false,
        });
        refs.push(new WeakRef(conn));
        const closed = new Promise((resolve) => (socket as Socket).once("close", resolve));
        conn.end();
        await closed;
        conn = undefined;
      }
      for (let i = 0; i < 5 && refs.some((r) => r.deref() !== undefined); i++) {
        await turn();
        gc();
      }
      expect(refs.filter((r) => r.deref() !== undefined)).to.have.length(0);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});
