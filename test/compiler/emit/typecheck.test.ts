/**
 * Generated code must compile with `tsc --strict --noUnusedLocals` (target
 * ES2022, module NodeNext), and with the strictest flags users turn on. The
 * output lives under <repo>/.out/ so that `rpcgen/runtime` resolves through
 * the package's self-reference to the built dist/.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { expect } from "chai";
import ts from "typescript";
import { compile } from "../../../compiler/index.js";
import { repoRoot } from "../../helpers/generate.js";

const base: ts.CompilerOptions = {
  strict: true,
  noUnusedLocals: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  noEmit: true,
  // No `types`: as with plain `tsc --strict`, Node's types must come in through
  // the runtime's own `/// <reference types="node" />`.
};

const strictest: ts.CompilerOptions = {
  ...base,
  noUnusedParameters: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  // The runtime's own declarations were checked with `base` already.
  skipLibCheck: true,
};

function typeErrors(files: string[], options: ts.CompilerOptions): string[] {
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file === undefined ? "" : `${path.relative(repoRoot, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: `;
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
  });
}

describe("generated code type-checks", function () {
  this.timeout(120_000);
  const outDir = path.join(repoRoot, ".out", `typecheck-${randomBytes(6).toString("hex")}`);
  let files: string[] = [];

  before(() => {
    const inputs = [path.join(repoRoot, "idl-examples/shop"), path.join(repoRoot, "test/fixtures/emit")];
    for (const input of inputs) {
      const r = compile([input], { outDir: path.join(outDir, path.basename(input)), knownAnnotations: ["auth", "owner"] });
      expect(r.diagnostics.filter((d) => d.category === "error")).to.deep.equal([]);
      for (const f of r.files) {
        fs.mkdirSync(path.dirname(f.path), { recursive: true });
        fs.writeFileSync(f.path, f.text);
        files.push(f.path);
      }
    }
    files = files.sort();
  });

  after(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it("emits the shop examples and the fixtures", () => {
    expect(files.map((f) => path.relative(outDir, f).split(path.sep).join("/"))).to.include.members([
      "shop/common.ts",
      "shop/gateway.ts",
      "shop/inventory.ts",
      "shop/orders.ts",
      "shop/payments.ts",
      "emit/basics.ts",
      "emit/multi/sub/deep.ts",
    ]);
  });

  it("with --strict --noUnusedLocals --target es2022 --module nodenext", () => {
    expect(typeErrors(files, base)).to.deep.equal([]);
  });

  it("with the strictest flags (exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax, ...)", () => {
    expect(typeErrors(files, strictest)).to.deep.equal([]);
  });

  it("user code type-checks against it: handlers are contextually typed, clients typed, wrong handlers rejected", () => {
    const usage = path.join(outDir, "shop", "usage.ts");
    fs.writeFileSync(usage, USAGE);
    expect(typeErrors([usage], { ...base, skipLibCheck: true })).to.deep.equal([]);
  });

  it("fails when the generated code is broken (the check can fail)", () => {
    const broken = path.join(outDir, "broken.ts");
    fs.writeFileSync(broken, 'import type { Channel } from "rpcgen/runtime";\nconst unused = 1;\nexport const c: Channel = 1;\n');
    const errors = typeErrors([broken], { ...base, skipLibCheck: true });
    expect(errors.join("\n")).to.contain("'unused' is declared but its value is never read");
    expect(errors.join("\n")).to.contain("not assignable to type 'Channel'");
  });
});

/** What a user writes against the generated shop (see docs/idl.md); `@ts-expect-error` lines must fail. */
const USAGE = `
import { createClient, createServer, type CallContext } from "rpcgen/runtime";
import { OrderNotFound, OrderService, OrderServiceClient, OrderStatus, type Order, type OrderServiceHandler } from "./orders.js";
import type { Money } from "./common.js";

const money: Money = { units: 1999n };
const order: Order = { id: "o-1", items: [], labels: new Map(), createdAt: new Date(), version: 1n, total: money, history: new Map() };

const handler: OrderServiceHandler = {
  health: () => ({ serving: true, version: "1", startedAt: new Date() }),
  async get(id, ctx) {
    if (ctx.deadline < Date.now()) throw new OrderNotFound({ id });
    return order;
  },
  place: async (items, method, shipTo) => ({ ...order, items, note: method.kind + (shipTo?.city ?? "") }),
  search: (query: string, limit: number, status: OrderStatus | undefined) => [order].slice(0, limit).filter(() => query !== "" || status === OrderStatus.PAID),
  cancel: (id, reason) => ({ ...order, id, note: reason ?? "" }),
  track: (_event: string, _props: Map<string, string>, _ctx: CallContext) => undefined,
  listAll: () => [],
};
createServer().add(OrderService, handler);

createServer().add(OrderService, {
  ...handler,
  // @ts-expect-error a handler must return an Order
  get: () => 42,
});

const client = new OrderServiceClient(createClient({ target: "static://127.0.0.1:1" }));
export async function use(): Promise<bigint> {
  const o: Order = await client.get("o-1", { timeout: 100 });
  await client.search("q");
  await client.search("q", 10, OrderStatus.SHIPPED);
  await client.track("opened", new Map([["k", "v"]]));
  // @ts-expect-error the id is a string
  await client.get(42);
  // @ts-expect-error 7 is not an OrderStatus
  await client.search("q", 10, 7);
  return o.version;
}
`;
