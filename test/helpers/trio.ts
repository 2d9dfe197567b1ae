/** Three real servers of one bare service, each with a switch that makes its handlers fail. */
import { Code } from "../../runtime/codes.js";
import { RpcError } from "../../runtime/errors.js";
import type { Breaker } from "../../runtime/resilience/breaker/breaker.js";
import type { MethodDescriptor } from "../../runtime/schema/types.js";
import { createServer, type Server } from "../../runtime/server/server.js";
import { bareMethod, bareService } from "./net-service.js";

export const TRIO_SERVICE = "test.Trio";
/** Answers "instance N" (or fails with the instance's `failWith`). */
export const trioGet: MethodDescriptor = { ...bareMethod(TRIO_SERVICE, "get", { kind: "string" }), idempotent: true };
/** The same, not idempotent. */
export const trioPut: MethodDescriptor = bareMethod(TRIO_SERVICE, "put", { kind: "string" });

export interface Trio {
  readonly servers: Server[];
  readonly ports: number[];
  /** Handler runs per instance. */
  readonly handled: number[];
  /** Per instance: the code its handlers throw (undefined: they answer). */
  readonly failWith: (Code | undefined)[];
  /** Per instance: how many of the next calls fail with UNAVAILABLE (after their handler ran). */
  readonly failNext: number[];
  readonly target: string;
  close(): Promise<void>;
}

export async function startTrio(count = 3): Promise<Trio> {
  const servers: Server[] = [];
  const ports: number[] = [];
  const handled: number[] = [];
  const failWith: (Code | undefined)[] = [];
  const failNext: number[] = [];
  for (let i = 0; i < count; i++) {
    handled.push(0);
    failWith.push(undefined);
    failNext.push(0);
    const server = createServer({ onError: () => {} });
    const answer = () => {
      handled[i]!++;
      if (failNext[i]! > 0) {
        failNext[i]!--;
        throw new RpcError(Code.UNAVAILABLE, `instance ${i} failed once`);
      }
      const code = failWith[i];
      if (code !== undefined) throw new RpcError(code, `instance ${i} is broken`);
      return `instance ${i}`;
    };
    server.add(bareService(TRIO_SERVICE, [trioGet, trioPut]), { get: answer, put: answer });
    servers.push(server);
    ports.push((await server.listen({ host: "127.0.0.1", port: 0 })).port);
  }
  return {
    servers,
    ports,
    handled,
    failWith,
    failNext,
    target: `static://${ports.map((p) => `127.0.0.1:${p}`).join(",")}`,
    close: async () => {
      for (const s of servers) await s.close();
    },
  };
}

/** Settle `n` calls one after another; returns how many failed and the errors. */
export async function callSequentially(n: number, call: () => Promise<unknown>): Promise<{ failed: number; errors: unknown[] }> {
  const errors: unknown[] = [];
  for (let i = 0; i < n; i++) await call().catch((e: unknown) => errors.push(e));
  return { failed: errors.length, errors };
}

/** A breaker that never refuses and counts every attempt the client makes. */
export function countingBreaker(counter: { attempts: number }): () => Breaker {
  return () => ({
    allow: () => {
      counter.attempts++;
      return 0;
    },
    done: () => {},
    isOpen: () => false,
  });
}

