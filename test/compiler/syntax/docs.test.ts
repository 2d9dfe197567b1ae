import { expect } from "chai";
import { declNamed, parseOk } from "./helpers.js";

describe("doc comments", () => {
  it("attach to the next declaration, enum value, field, method and parameter", () => {
    const f = parseOk(`
/** The file. */
package p;

/** An enum. */
enum E {
  /** First. */
  A;
  B;
}

/**
 * A struct.
 *   Indented line.
 */
@deprecated
struct S {
  /** A field. */ 1: string a;
  // not a doc comment
  2: string b;
}

service Svc {
  /** A method. */
  @idempotent
  void m(/** A param. */ 1: string x, 2: string y);
}
`);
    expect(f.doc!.text).to.equal("The file.");
    const e = declNamed(f, "enum", "E");
    expect(e.doc!.text).to.equal("An enum.");
    expect(e.values[0]!.doc!.text).to.equal("First.");
    expect(e.values[1]!.doc).to.equal(undefined);
    const s = declNamed(f, "struct", "S");
    expect(s.doc!.text).to.equal("A struct.\n  Indented line.");
    expect(s.fields[0]!.doc!.text).to.equal("A field.");
    expect(s.fields[1]!.doc).to.equal(undefined);
    const m = declNamed(f, "service", "Svc").methods[0]!;
    expect(m.doc!.text).to.equal("A method.");
    expect(m.params[0]!.doc!.text).to.equal("A param.");
    expect(m.params[1]!.doc).to.equal(undefined);
  });

  it("may also sit between the annotations and what they annotate", () => {
    const f = parseOk("@deprecated /** Late. */ struct S { @x /** Field. */ 1: string a; }\nenum E { @deprecated /** V. */ A; }");
    const s = declNamed(f, "struct", "S");
    expect(s.doc!.text).to.equal("Late.");
    expect(s.fields[0]!.doc!.text).to.equal("Field.");
    expect(declNamed(f, "enum", "E").values[0]!.doc!.text).to.equal("V.");
  });

  it("is not attached when another token lies in between", () => {
    const f = parseOk("/** Orphan. */ const int32 X = 1; struct S {}");
    expect(declNamed(f, "const", "X").doc!.text).to.equal("Orphan.");
    expect(declNamed(f, "struct", "S").doc).to.equal(undefined);
  });

  it("treats /**/ and /* */ as plain comments; the last of several doc comments wins", () => {
    const f = parseOk("/**/ struct A {} /* x */ struct B {} /** one */ /** two */ struct C {}");
    expect(declNamed(f, "struct", "A").doc).to.equal(undefined);
    expect(declNamed(f, "struct", "B").doc).to.equal(undefined);
    expect(declNamed(f, "struct", "C").doc!.text).to.equal("two");
  });
});
