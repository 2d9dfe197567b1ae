/**
 * Hand-written descriptors (the shapes generated code hands to the runtime),
 * for runtime tests that must not depend on the compiler.
 */
import type { CallContext } from "../../runtime/call.js";
import { IdlError } from "../../runtime/errors.js";
import type { FieldSchema, MethodDescriptor, ServiceDescriptor, StructSchema, TypeSchema } from "../../runtime/schema/types.js";

const none = {};
const str: TypeSchema = { kind: "string" };
const i32: TypeSchema = { kind: "int32" };
const f64: TypeSchema = { kind: "float64" };

function field(id: number, name: string, type: TypeSchema, extra: Partial<FieldSchema> = {}): FieldSchema {
  return { id, name, type, optional: false, annotations: none, ...extra };
}

function method(service: string, name: string, params: FieldSchema[], extra: Partial<MethodDescriptor> = {}): MethodDescriptor {
  return { name, service, kind: "unary", params, throws: [], idempotent: false, annotations: none, ...extra };
}

export const NotFound$schema: StructSchema = {
  kind: "error",
  name: "NotFound",
  fullName: "test.NotFound",
  fields: [field(1, "id", str), field(2, "code", i32)],
  annotations: none,
  create: (f) => new NotFound({ id: f["id"] as string, code: f["code"] as number }),
};

/** An IDL error as the generator emits it. */
export class NotFound extends IdlError {
  static override readonly schema: StructSchema = NotFound$schema;
  readonly id: string;
  readonly code: number;
  constructor(fields: { id: string; code: number }) {
    super(`NotFound: ${JSON.stringify(fields)}`);
    this.id = fields.id;
    this.code = fields.code;
  }
}

export const Item$schema: StructSchema = {
  kind: "struct",
  name: "Item",
  fullName: "test.Item",
  fields: [
    field(1, "sku", str, { rules: { len: { min: 1, max: 64 } } }),
    field(2, "quantity", i32, { default: () => 1, rules: { range: { min: 1, max: 1000 } } }),
  ],
  annotations: none,
};

export interface Item {
  sku: string;
  quantity?: number;
}

const S = "test.Echo";
const strMap: TypeSchema = { kind: "map", key: str, value: str };

/** The test service: one method per behaviour a runtime test needs. */
export const Echo: ServiceDescriptor<EchoHandler> = {
  name: S,
  package: "test",
  annotations: none,
  methods: {
    echo: method(S, "echo", [field(1, "text", str)], { returns: str }),
    sleep: method(S, "sleep", [field(1, "ms", i32)], { returns: str }),
    fail: method(S, "fail", [field(1, "how", str)], { throws: [NotFound$schema] }),
    track: method(S, "track", [field(1, "event", str)], { kind: "oneway" }),
    place: method(S, "place", [field(1, "items", { kind: "list", element: { kind: "ref", target: () => Item$schema } })], {
      returns: i32,
    }),
    labels: method(S, "labels", [field(1, "labels", strMap)], { returns: strMap }),
    context: method(S, "context", [], { returns: strMap }),
    remaining: method(S, "remaining", [], { returns: f64 }),
    slowByDefault: method(S, "slowByDefault", [field(1, "ms", i32)], { returns: str, timeoutMs: 150 }),
    blob: method(S, "blob", [field(1, "size", i32)], { returns: { kind: "bytes" } }),
  },
};

/** Handlers take `(request, ctx)`, as generated handler interfaces do. */
export interface EchoHandler {
  echo(request: { text: string }, ctx: CallContext): Promise<string> | string;
  sleep(request: { ms: number }, ctx: CallContext): Promise<string> | string;
  fail(request: { how: string }, ctx: CallContext): Promise<void> | void;
  track(request: { event: string }, ctx: CallContext): Promise<void> | void;
  place(request: { items: Item[] }, ctx: CallContext): Promise<number> | number;
  labels(request: { labels: Map<string, string> }, ctx: CallContext): Promise<Map<string, string>> | Map<string, string>;
  context(request: object, ctx: CallContext): Promise<Map<string, string>> | Map<string, string>;
  remaining(request: object, ctx: CallContext): Promise<number> | number;
  slowByDefault(request: { ms: number }, ctx: CallContext): Promise<string> | string;
  blob(request: { size: number }, ctx: CallContext): Uint8Array;
}

/** A service declared nowhere on the server: for UNIMPLEMENTED tests. */
export const Ghost: ServiceDescriptor = {
  name: "test.Ghost",
  package: "test",
  annotations: none,
  methods: { boo: method("test.Ghost", "boo", [], { returns: str }) },
};

/** `test.Echo/nope`: a method the server's Echo descriptor lacks. */
export const EchoNope: MethodDescriptor = method(S, "nope", [], { returns: str });

/** One hop of a call chain: `hop(depth)` returns each hop's remaining deadline, first hop first. */
export function hopService(name: string): ServiceDescriptor {
  return {
    name: `test.${name}`,
    package: "test",
    annotations: none,
    methods: {
      hop: method(`test.${name}`, "hop", [], { returns: { kind: "list", element: f64 } }),
    },
  };
}
