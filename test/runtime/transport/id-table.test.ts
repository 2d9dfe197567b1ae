/** The call table: behaves like a Map of u32 ids under any mix of sets and deletes, collisions included. */
import { expect } from "chai";
import fc from "fast-check";
import { IdTable } from "../../../runtime/transport/id-table.js";

type Op = { op: "set" | "delete" | "get"; id: number };

/** Few distinct ids (a small table, clusters that wrap around its end), multiples of 16, values near 2^32. */
const id = fc.oneof(
  fc.integer({ min: 0, max: 12 }),
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 0, max: 20 }).map((k) => k * 16),
  fc.integer({ min: 0, max: 8 }).map((k) => 0xffffffff - k),
  fc.integer({ min: 0, max: 0xffffffff }),
);

describe("IdTable", () => {
  it("agrees with a Map on every get, size and delete result", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ op: fc.constantFrom("set", "delete", "get"), id }), { maxLength: 400 }), (ops: Op[]) => {
        const table = new IdTable<{ v: number }>(16);
        const model = new Map<number, { v: number }>();
        ops.forEach(({ op, id }, n) => {
          if (op === "set") {
            const value = { v: n };
            table.set(id, value);
            model.set(id, value);
          } else if (op === "delete") {
            expect(table.delete(id)).to.equal(model.delete(id));
          }
          expect(table.get(id)).to.equal(model.get(id));
          expect(table.size).to.equal(model.size);
        });
        for (const [k, v] of model) expect(table.get(k)).to.equal(v);
        expect(table.values().sort((a, b) => a.v - b.v)).to.deep.equal([...model.values()].sort((a, b) => a.v - b.v));
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps an entry reachable when a delete empties the slot its probe started at, across the table's end", () => {
    // Ids hashing to the last slot of a 16-slot table (the table's hash): the second one wraps to slot 0.
    const last = Array.from({ length: 5000 }, (_, i) => i).filter((i) => Math.imul(i, 0x9e3779b1) >>> 28 === 15);
    const table = new IdTable<{ id: number }>(16);
    for (const id of last.slice(0, 3)) table.set(id, { id });
    expect(table.delete(last[0]!)).to.equal(true);
    expect(table.get(last[1]!)).to.deep.equal({ id: last[1] });
    expect(table.get(last[2]!)).to.deep.equal({ id: last[2] });
    expect(table.delete(last[1]!)).to.equal(true);
    expect(table.get(last[2]!)).to.deep.equal({ id: last[2] });
  });

  it("grows past its initial capacity and empties on clear", () => {
    const table = new IdTable<{ id: number }>(16);
    for (let i = 1; i <= 1000; i++) table.set(i, { id: i });
    expect(table.size).to.equal(1000);
    for (let i = 1; i <= 1000; i += 2) expect(table.delete(i)).to.equal(true);
    expect(table.size).to.equal(500);
    expect(table.get(2)).to.deep.equal({ id: 2 });
    expect(table.get(3)).to.equal(undefined);
    table.clear();
    expect(table.size).to.equal(0);
    expect(table.get(2)).to.equal(undefined);
    expect(table.values()).to.deep.equal([]);
  });
});
