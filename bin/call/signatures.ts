/**
 * `rpcgen call --list`: services and their methods as IDL-like signatures,
 * one method per line, ready to copy into a call:
 *
 *     shop.orders.OrderService
 *       shop.orders.OrderService/get(id: string): shop.orders.Order throws shop.orders.OrderNotFound
 */
import type { FieldSchema, MethodDescriptor, ServiceDescriptor, TypeSchema } from "../../runtime/schema/types.js";

/** IDL spelling of a type: `list<shop.orders.Item>`, `map<string, int32>`. */
export function typeText(type: TypeSchema): string {
  switch (type.kind) {
    case "list":
      return `list<${typeText(type.element)}>`;
    case "map":
      return `map<${typeText(type.key)}, ${typeText(type.value)}>`;
    case "ref":
      return type.target().fullName;
    default:
      return type.kind;
  }
}

function paramText(p: FieldSchema): string {
  const def = p.default === undefined ? "" : ` = ${JSON.stringify(p.default(), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`;
  return `${p.name}: ${p.optional ? "optional " : ""}${typeText(p.type)}${def}`;
}

/** One method: `oneway svc/track(event: string, ...)`, `svc/get(id: string): T throws E`. */
export function methodSignature(m: MethodDescriptor): string {
  const params = m.params.map(paramText).join(", ");
  const returns = m.kind === "oneway" ? "" : `: ${m.returns === undefined ? "void" : typeText(m.returns)}`;
  const throws = m.throws.length === 0 ? "" : ` throws ${m.throws.map((t) => t.fullName).join(", ")}`;
  return `${m.kind === "oneway" ? "oneway " : ""}${m.service}/${m.name}(${params})${returns}${throws}`;
}

/** The whole listing, services in IDL order. */
export function listing(services: Iterable<ServiceDescriptor>): string {
  const lines: string[] = [];
  for (const s of services) {
    lines.push(s.version === undefined ? s.name : `${s.name} (version ${s.version})`);
    for (const m of Object.values<MethodDescriptor>(s.methods)) lines.push(`  ${methodSignature(m)}`);
  }
  return lines.join("\n") + "\n";
}
