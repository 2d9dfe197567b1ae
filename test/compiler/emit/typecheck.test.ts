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
  // TypeScript 6 loads no @types by default; the runtime's declarations need Node's.
  types: ["node"],
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

  it("fails when the generated code is broken (the check can fail)", () => {
    const broken = path.join(outDir, "broken.ts");
    fs.writeFileSync(broken, 'import type { Channel } from "rpcgen/runtime";\nconst unused = 1;\nexport const c: Channel = 1;\n');
    const errors = typeErrors([broken], { ...base, skipLibCheck: true });
    expect(errors.join("\n")).to.contain("'unused' is declared but its value is never read");
    expect(errors.join("\n")).to.contain("not assignable to type 'Channel'");
  });
});
