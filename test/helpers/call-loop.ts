/** A client calling echo back to back (as a user's traffic would) while a test breaks things. */
import type { RpcClient } from "../../runtime/client/channel.js";
import { Echo } from "./descriptors.js";

/** Calls echo back to back until stopped; counts what failed. */
export function callLoop(client: RpcClient): { stop: () => Promise<{ calls: number; failed: string[] }> } {
  let running = true;
  const failed: string[] = [];
  let calls = 0;
  const loop = (async () => {
    while (running) {
      calls++;
      try {
        await client.unary(Echo.methods["echo"]!, { text: "x" }, { timeout: 2_000 });
      } catch (error) {
        failed.push((error as Error).message);
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { calls, failed };
    },
  };
}

