/**
 * Hand-written schemas in the shape the compiler emits (runtime/schema/types.ts),
 * shared by the codec and validation tests.
 */
import type { EnumSchema, FieldSchema, MethodDescriptor, StructSchema, TypeSchema } from "../../../runtime/schema/types.js";

const none = {};
export const t = {
  bool: { kind: "bool" },
  int32: { kind: "int32" },
  int64: { kind: "int64" },
  float64: { kind: "float64" },
  string: { kind: "string" },
  bytes: { kind: "bytes" },
  timestamp: { kind: "timestamp" },
} as const satisfies Record<string, TypeSchema>;

export function field(id: number, name: string, type: TypeSchema, extra: Partial<FieldSchema> = {}): FieldSchema {
  return { id, name, type, optional: false, annotations: none, ...extra };
}

export const Status$schema: EnumSchema = {
  kind: "enum",
  name: "Status",
  fullName: "shop.orders.Status",
  values: [
    { name: "PENDING", value: 1 },
    { name: "PAID", value: 2 },
    { name: "CANCELLED", value: 4 },
  ],
  annotations: none,
};

export const Money$schema: StructSchema = {
  kind: "struct",
  name: "Money",
  fullName: "shop.common.Money",
  fields: [field(1, "currency", t.string, { rules: { len: { min: 3, max: 3 }, pattern: "^[A-Z]{3}$" } }), field(2, "units", t.int64)],
  annotations: none,
};

export const Item$schema: StructSchema = {
  kind: "struct",
  name: "Item",
  fullName: "shop.orders.Item",
  fields: [
    field(1, "sku", t.string, { rules: { len: { min: 1, max: 64 } } }),
    field(2, "quantity", t.int32, { default: () => 1, rules: { range: { min: 1, max: 1000 } } }),
    field(3, "price", { kind: "ref", target: () => Money$schema }),
  ],
  annotations: none,
};

export const Payment$schema: StructSchema = {
  kind: "union",
  name: "Payment",
  fullName: "shop.orders.Payment",
  fields: [field(1, "cardToken", t.string), field(2, "credit", { kind: "ref", target: () => Money$schema })],
  annotations: none,
};

const statusRef: TypeSchema = { kind: "ref", target: () => Status$schema };

export const Order$schema: StructSchema = {
  kind: "struct",
  name: "Order",
  fullName: "shop.orders.Order",
  fields: [
    field(1, "id", t.string),
    field(2, "status", statusRef, { default: () => 1 }),
    field(3, "items", { kind: "list", element: { kind: "ref", target: () => Item$schema } }),
    field(4, "labels", { kind: "map", key: t.string, value: t.string }),
    field(5, "note", t.string, { optional: true }),
    field(6, "createdAt", t.timestamp),
    field(7, "signature", t.bytes),
    field(8, "version", t.int64),
    field(9, "discount", t.float64, { default: () => 0 }),
    field(10, "paid", t.bool, { optional: true }),
    field(11, "payment", { kind: "ref", target: () => Payment$schema }, { optional: true }),
    field(12, "counts", { kind: "map", key: t.int32, value: t.int64 }, { optional: true }),
    field(13, "byVersion", { kind: "map", key: t.int64, value: t.string }, { optional: true }),
    field(14, "byStatus", { kind: "map", key: statusRef, value: { kind: "list", element: t.int32 } }, { optional: true }),
    field(15, "tags", { kind: "list", element: t.string }, { optional: true, default: () => [] }),
  ],
  annotations: none,
};

/** A recursive type, for depth limits. */
export const Node$schema: StructSchema = {
  kind: "struct",
  name: "Node",
  fullName: "test.Node",
  fields: [field(1, "value", t.int32, { optional: true }), field(2, "next", { kind: "ref", target: () => Node$schema }, { optional: true })],
  annotations: none,
};

export class NotFound extends Error {
  static readonly schema: StructSchema;
  readonly id: string;
  readonly attempts: number;
  constructor(fields: { id: string; attempts: number }) {
    super(`NotFound: ${JSON.stringify(fields)}`);
    this.name = "NotFound";
    this.id = fields.id;
    this.attempts = fields.attempts;
  }
}

export const NotFound$schema: StructSchema = {
  kind: "error",
  name: "NotFound",
  fullName: "shop.orders.NotFound",
  fields: [field(1, "id", t.string), field(2, "attempts", t.int32, { default: () => 3 })],
  annotations: none,
  create: (f) => new NotFound(f as { id: string; attempts: number }),
};

function method(name: string, params: FieldSchema[], returns?: TypeSchema, throws: StructSchema[] = []): MethodDescriptor {
  return { name, service: "shop.orders.OrderService", kind: "unary", params, ...(returns ? { returns } : {}), throws, idempotent: false, annotations: none };
}

export const methods = {
  get: method("get", [field(1, "id", t.string)], { kind: "ref", target: () => Order$schema }, [NotFound$schema]),
  place: method("place", [
    field(1, "items", { kind: "list", element: { kind: "ref", target: () => Item$schema } }, { rules: { len: { min: 1, max: 3 } } }),
    field(2, "payment", { kind: "ref", target: () => Payment$schema }, { optional: true }),
  ], { kind: "ref", target: () => Order$schema }),
  search: method("search", [
    field(1, "query", t.string, { rules: { pattern: "^[a-z ]*$" } }),
    field(2, "limit", t.int32, { default: () => 20, rules: { range: { min: 1, max: 100 } } }),
    field(3, "labels", { kind: "map", key: t.string, value: t.int64 }, { optional: true, rules: { len: { max: 2 } } }),
  ], { kind: "list", element: { kind: "ref", target: () => Order$schema } }),
  ping: method("ping", []),
  total: method("total", [field(1, "from", t.timestamp), field(2, "big", t.int64, { rules: { range: { min: -5n, max: 2n ** 62n } } }), field(3, "ratio", t.float64, { optional: true, rules: { range: { min: 0, max: 1 } } })], t.int64),
};

/** A fully populated order. */
export function sampleOrder(): Record<string, unknown> {
  return {
    id: "o-1",
    status: 2,
    items: [
      { sku: "A-1", quantity: 2, price: { currency: "EUR", units: 1250n } },
      { sku: "B-2", quantity: 1, price: { currency: "USD", units: -(2n ** 63n) } },
    ],
    labels: new Map([["channel", "web"], ["__proto__", "kept"]]),
    note: "leave at the door ✓",
    createdAt: new Date(1700000000123),
    signature: new Uint8Array([0, 1, 2, 254, 255]),
    version: 2n ** 53n + 1n,
    discount: 0.15,
    paid: true,
    payment: { kind: "credit", value: { currency: "EUR", units: 5n } },
    counts: new Map([[1, 10n], [-7, 2n ** 63n - 1n]]),
    byVersion: new Map([[2n ** 60n, "big"], [3n, "small"]]),
    byStatus: new Map([[1, [1, 2]], [2, []]]),
    tags: ["a", "b"],
  };
}
