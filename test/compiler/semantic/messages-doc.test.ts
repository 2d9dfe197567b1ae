import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { diag, formatMessage, messages } from "../../../compiler/messages.js";

const doc = readFileSync(new URL("../../../../docs/diagnostics.md", import.meta.url), "utf8");

/** Table rows of docs/diagnostics.md by code. */
function docRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of doc.split("\n")) {
    const m = /^\| (RPC\d{4}) \|/.exec(line);
    if (m !== null && !rows.has(m[1]!)) rows.set(m[1]!, line);
  }
  return rows;
}

describe("message table and docs/diagnostics.md", () => {
  // RPC3xxx belong to the emitter and may grow after this doc was written; they are listed there without this check.
  it("documents every syntax and semantic code of the table with its severity and message", () => {
    const rows = docRows();
    for (const [code, entry] of Object.entries(messages)) {
      if (!code.startsWith("RPC1") && !code.startsWith("RPC2")) continue;
      const row = rows.get(code);
      expect(row, `${code} is missing from docs/diagnostics.md`).to.not.equal(undefined);
      expect(row, code).to.include(`| ${entry.category} |`);
      expect(row, code).to.include(entry.template);
    }
  });

  it("documents no code that the table lacks", () => {
    for (const code of docRows().keys()) expect(Object.hasOwn(messages, code), code).to.equal(true);
  });

  it("has a test asserting every syntax and semantic code", () => {
    const root = new URL("../../../../test/compiler/", import.meta.url);
    let sources = "";
    for (const dir of ["syntax", "semantic"]) {
      for (const f of readdirSync(new URL(`${dir}/`, root))) if (f.endsWith(".test.ts")) sources += readFileSync(new URL(`${dir}/${f}`, root), "utf8");
    }
    const untested = Object.keys(messages).filter((c) => /^RPC[12]/.test(c) && !sources.includes(`code: "${c}"`));
    expect(untested).to.deep.equal([]);
  });

  it("fills placeholders and keeps unknown ones", () => {
    expect(formatMessage("a {0} b {1} c {2}", ["x", 3])).to.equal("a x b 3 c {2}");
    const span = { file: "/f", start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };
    expect(diag("RPC2001", span, "Foo")).to.deep.equal({ code: "RPC2001", category: "error", message: "unknown type 'Foo'", span });
  });
});
