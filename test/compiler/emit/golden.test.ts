/**
 * Golden tests: every .idl under test/fixtures/emit/ compiles to exactly the
 * text in `<relative path>.ts.golden` beside it. After a reviewed change of
 * the emitter, accept the new output with `UPDATE_GOLDENS=1 npm test`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { compile } from "../../../compiler/index.js";
import { repoRoot } from "../../helpers/generate.js";

const fixtures = path.join(repoRoot, "test/fixtures/emit");
const update = process.env["UPDATE_GOLDENS"] === "1";

function goldensBelow(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...goldensBelow(full));
    else if (e.name.endsWith(".ts.golden")) out.push(path.relative(fixtures, full));
  }
  return out.sort();
}

describe("emitter golden files (test/fixtures/emit)", () => {
  const outDir = "OUT";
  const result = compile([fixtures], { outDir, knownAnnotations: ["owner"] });

  it("compiles the fixtures without diagnostics", () => {
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).to.deep.equal([]);
  });

  const generated = new Map(result.files.map((f) => [path.relative(outDir, f.path).split(path.sep).join("/"), f.text]));
  for (const [rel, text] of generated) {
    it(`${rel} matches ${rel}.golden`, () => {
      const golden = path.join(fixtures, `${rel}.golden`);
      if (update) fs.writeFileSync(golden, text);
      expect(fs.existsSync(golden), `missing ${golden}; run UPDATE_GOLDENS=1 npm test`).to.equal(true);
      // Compare line arrays so that a failure shows the differing lines.
      expect(text.split("\n")).to.deep.equal(fs.readFileSync(golden, "utf8").split("\n"));
    });
  }

  it("has no golden file without a fixture", () => {
    if (update) {
      for (const g of goldensBelow(fixtures)) if (!generated.has(g.slice(0, -".golden".length).split(path.sep).join("/"))) fs.rmSync(path.join(fixtures, g));
    }
    const stale = goldensBelow(fixtures).filter((g) => !generated.has(g.slice(0, -".golden".length).split(path.sep).join("/")));
    expect(stale).to.deep.equal([]);
  });
});
