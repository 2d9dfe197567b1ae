/**
 * Balancer micro-benchmark: picks per second and bytes allocated per pick for
 * every built-in policy over 3 and 30 instances (pick + done, keyed calls),
 * plus one routed path (route-tag + rule + labels routers, then P2C-EWMA).
 * Not part of `npm run bench`; run `node dist/bench/balancer.js` after a build.
 * Figures are best of three timed rounds; the machine shares its cores, so
 * compare policies within one run, not across runs.
 */
import { measureAllocation } from "./alloc-meter.js";
import { machineInfo } from "./machine.js";
import { balancerNames, createBalancer, type PickInfo } from "../runtime/balancer/balancer.js";
import { labelsRouter } from "../runtime/router/labels.js";
import { RouterChain } from "../runtime/router/router.js";
import { ruleRouter } from "../runtime/router/rule.js";
import { routeTagRouter } from "../runtime/router/tag.js";
import { makeInstance, type Instance } from "../runtime/registry/registry.js";
import type { MethodDescriptor } from "../runtime/schema/types.js";

const method: MethodDescriptor = {
  name: "get",
  service: "bench.Echo",
  kind: "unary",
  params: [],
  throws: [],
  idempotent: true,
  annotations: {},
};
const KEYS = Array.from({ length: 1024 }, (_, i) => ({ method, metadata: {}, key: `user-${i}` }) as PickInfo);

function fleet(count: number): Instance[] {
  return Array.from({ length: count }, (_, i) =>
    makeInstance({
      service: "bench.Echo",
      host: `10.0.${i >> 8}.${i & 255}`,
      port: 7000,
      weight: 100 + 10 * (i % 5),
      labels: { env: i % 3 === 0 ? "loadtest" : "prod", ab: i % 2 === 0 ? "a" : "b" },
    }),
  );
}

/** Ops per second of `op`, best of three rounds of `n`. */
function rate(op: () => void, n: number): number {
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) op();
    best = Math.max(best, n / ((performance.now() - start) / 1000));
  }
  return best;
}

async function row(label: string, op: () => void): Promise<string> {
  const perSecond = rate(op, 1_000_000);
  const { bytesPerOp } = await measureAllocation(op, 200_000);
  return `| ${label} | ${(perSecond / 1e6).toFixed(2)} M | ${bytesPerOp.toFixed(2)} |`;
}

async function main(): Promise<void> {
  const m = machineInfo();
  console.log(`Node ${m.node}, ${m.cpuModel} x${m.cores}, ${m.os}\n`);
  console.log("| policy / instances | picks/s | bytes/pick |");
  console.log("|---|---:|---:|");
  for (const name of balancerNames()) {
    for (const count of [3, 30]) {
      const list = fleet(count);
      const balancer = createBalancer(name);
      let i = 0;
      console.log(await row(`${name} / ${count}`, () => balancer.pick(list, KEYS[i++ & 1023]!)!.done?.(undefined, 2)));
    }
  }
  for (const count of [3, 30]) {
    const list = fleet(count);
    const a = labelsRouter({ ab: "a" });
    const b = labelsRouter({ ab: "b" });
    const chain = new RouterChain([
      routeTagRouter("env", { fallback: true }),
      ruleRouter("ab", (call) => (call.metadata["x-ab"] === "a" ? a : b), { fallback: true }),
    ]);
    const calls: PickInfo[] = [
      { method, metadata: { "x-ab": "a" } },
      { method, metadata: { "x-ab": "b", "rpcgen-route-env": "loadtest" } },
      { method, metadata: { "rpcgen-route-env": "prod" } },
    ];
    const balancer = createBalancer("p2c-ewma");
    let i = 0;
    console.log(
      await row(`tag + rule routers, p2c-ewma / ${count}`, () => {
        const call = calls[i++ % 3]!;
        balancer.pick(chain.route(call, list), call)!.done!(undefined, 2);
      }),
    );
  }
}

await main();
