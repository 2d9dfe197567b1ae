/**
 * A full compile loads no TypeScript compiler: the emitter writes through
 * code-block-writer alone. Loading it through ts-morph brought in all of
 * TypeScript (~0.3 s idle, 0.8 s on a loaded machine, issue 10 item 2). The
 * modules loaded are counted in a fresh process, not timed.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import { repoRoot } from "../../helpers/generate.js";

describe("emitter load cost", () => {
  it("compiles the shop example without loading ts-morph or typescript", () => {
    const index = pathToFileURL(path.join(repoRoot, "dist/compiler/index.js")).href;
    const shop = path.join(repoRoot, "idl-examples/shop");
    const script = `
      import { createRequire } from "node:module";
      const { compile } = await import(${JSON.stringify(index)});
      const result = compile([${JSON.stringify(shop)}], { outDir: "o" });
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ files: result.files.length, heavy: loaded.filter((m) => /[\\\\/](ts-morph|typescript|@ts-morph)[\\\\/]/.test(m)) }));
    `;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    const { files, heavy } = JSON.parse(out) as { files: number; heavy: string[] };
    expect(files).to.equal(5);
    expect(heavy).to.deep.equal([]);
  });
});
