/**
 * compiler/descriptors builds, from the checked AST, the same run-time
 * descriptors the emitter writes as code: compared field by field with the
 * generated shop modules (defaults called, type thunks named by full name).
 */
import * as path from "node:path";
import { expect } from "chai";
import { analyze, buildDescriptors, expandInputs, type DescriptorSet } from "../../../compiler/index.js";
import { IdlError } from "../../../runtime/errors.js";
import type { FieldSchema, MethodDescriptor, ServiceDescriptor, StructSchema, TypeSchema } from "../../../runtime/schema/types.js";
import { generateFromIdl, repoRoot, type Generated } from "../../helpers/generate.js";

/** A descriptor as plain data: thunks followed once (to the full name), defaults evaluated. */
function plainType(t: TypeSchema): unknown {
  if (t.kind === "list") return { list: plainType(t.element) };
  if (t.kind === "map") return { map: [plainType(t.key), plainType(t.value)] };
  if (t.kind === "ref") return { ref: t.target().fullName };
  return t.kind;
}

function plainField(f: FieldSchema): unknown {
  return { id: f.id, name: f.name, type: plainType(f.type), optional: f.optional, default: f.default?.(), rules: f.rules, annotations: f.annotations };
}

function plainSchema(s: StructSchema): unknown {
  return { kind: s.kind, name: s.name, fullName: s.fullName, fields: s.fields.map(plainField), annotations: s.annotations };
}

function plainMethod(m: MethodDescriptor): unknown {
  return {
    name: m.name,
    service: m.service,
    kind: m.kind,
    params: m.params.map(plainField),
    returns: m.returns === undefined ? undefined : plainType(m.returns),
    throws: m.throws.map(plainSchema),
    idempotent: m.idempotent,
    timeoutMs: m.timeoutMs,
    retry: m.retry,
    annotations: m.annotations,
  };
}

function plainService(s: ServiceDescriptor): unknown {
  const methods: Readonly<Record<string, MethodDescriptor>> = s.methods;
  return { name: s.name, package: s.package, version: s.version, annotations: s.annotations, methods: Object.entries(methods).map(([k, m]) => [k, plainMethod(m)]) };
}

describe("compiler: descriptors from the AST", function () {
  this.timeout(60_000);
  let gen: Generated;
  let built: DescriptorSet;

  before(async () => {
    gen = await generateFromIdl(["idl-examples/shop"]);
    const { program, diagnostics } = analyze(expandInputs([path.join(repoRoot, "idl-examples/shop")]));
    expect(diagnostics.filter((d) => d.category === "error")).to.deep.equal([]);
    built = buildDescriptors(program);
  });
  after(async () => {
    await gen.remove();
  });

  it("equal the generated service descriptors of every shop service", async () => {
    const expected: [string, string, string][] = [
      ["common", "HealthService", "shop.common.HealthService"],
      ["orders", "OrderService", "shop.orders.OrderService"],
      ["inventory", "InventoryService", "shop.inventory.InventoryService"],
      ["payments", "PaymentService", "shop.payments.PaymentService"],
      ["gateway", "GatewayService", "shop.gateway.GatewayService"],
    ];
    expect([...built.services.keys()].sort()).to.deep.equal(expected.map((e) => e[2]).sort());
    for (const [module, exported, fullName] of expected) {
      const mod = await gen.load<Record<string, ServiceDescriptor>>(`${module}.ts`);
      expect(plainService(built.services.get(fullName)!), fullName).to.deep.equal(plainService(mod[exported]!));
    }
  });

  it("equal the generated schemas of structs, unions, errors and enums", async () => {
    const orders = await gen.load<Record<string, unknown>>("orders.ts");
    const payments = await gen.load<Record<string, unknown>>("payments.ts");
    for (const [mod, name] of [[orders, "Order"], [orders, "Item"], [payments, "PaymentMethod"], [payments, "PaymentDeclined"]] as const) {
      const generated = mod[`${name}$schema`] as StructSchema;
      expect(plainSchema(built.types.get(generated.fullName) as StructSchema), name).to.deep.equal(plainSchema(generated));
    }
    const status = orders["OrderStatus$schema"];
    const { annotations, ...rest } = built.types.get("shop.orders.OrderStatus")!;
    expect({ ...rest, annotations }).to.deep.equal(status);
  });

  it("gives IDL errors a class: an IdlError named after the error, fields and defaults set", () => {
    const declined = built.types.get("shop.payments.PaymentDeclined") as StructSchema;
    const e = declined.create!({ reason: "no funds", code: "51" }) as IdlError & Record<string, unknown>;
    expect(e).to.be.instanceOf(IdlError);
    expect(e.name).to.equal("PaymentDeclined");
    expect([e["reason"], e["code"], e["retryable"]]).to.deep.equal(["no funds", "51", false]);
    // As the generated class: the required scalar fields.
    expect(e.message).to.equal('reason="no funds", code="51"');
    expect((e.constructor as { schema?: StructSchema }).schema).to.equal(declined);
  });
});
