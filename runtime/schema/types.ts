/**
 * Run-time schemas and descriptors: what generated code hands to the runtime.
 *
 * The compiler emits one `ServiceDescriptor` per service and one schema per
 * struct, union, error and enum. The runtime encodes by field ID, applies
 * defaults and validates from these; middleware reads annotations from them.
 * Everything here is plain data, frozen by convention: never mutate it.
 */

/** A literal value as it appears in annotations and defaults, already in its TS form. */
export type LiteralValue = string | number | bigint | boolean | LiteralValue[];

/** One annotation with its arguments: `@auth(role = "admin")`, `@deprecated("why")`. */
export interface AnnotationValue {
  /** Positional arguments in order (durations as milliseconds, enum values as numbers). */
  readonly positional: readonly LiteralValue[];
  /** Named arguments. */
  readonly named: Readonly<Record<string, LiteralValue>>;
}

/** Annotations by name (a name appears at most once on one element). */
export type Annotations = Readonly<Record<string, AnnotationValue>>;

export type ScalarKind = "bool" | "int32" | "int64" | "float64" | "string" | "bytes" | "timestamp";

/** The type of a field, parameter or result. */
export type TypeSchema =
  | { readonly kind: ScalarKind }
  | { readonly kind: "list"; readonly element: TypeSchema }
  | { readonly kind: "map"; readonly key: TypeSchema; readonly value: TypeSchema }
  /** A user type; a thunk so that recursive and cross-module types need no ordering. */
  | { readonly kind: "ref"; readonly target: () => StructSchema | EnumSchema };

export interface EnumSchema {
  readonly kind: "enum";
  /** Simple name, e.g. `Status`. */
  readonly name: string;
  /** With package, e.g. `shop.orders.Status`. */
  readonly fullName: string;
  readonly values: readonly { readonly name: string; readonly value: number }[];
  readonly annotations: Annotations;
}

/** Validation rules drawn from `@range`, `@len` and `@pattern`. */
export interface FieldRules {
  readonly range?: { readonly min?: number | bigint; readonly max?: number | bigint };
  readonly len?: { readonly min?: number; readonly max?: number };
  readonly pattern?: string;
}

export interface FieldSchema {
  /** Field ID: the wire identity (1 .. 2^29-1). */
  readonly id: number;
  /** Name in TypeScript (and in validation paths). */
  readonly name: string;
  readonly type: TypeSchema;
  /** `optional` in IDL: may be absent (undefined). */
  readonly optional: boolean;
  /**
   * Default value in its TS form, when the IDL gives one. Lists and maps are
   * produced fresh by the thunk so that callers never share a mutable default.
   */
  readonly default?: () => unknown;
  readonly rules?: FieldRules;
  readonly annotations: Annotations;
}

/** Schema of a struct, a union (exactly one field set) or an IDL error. */
export interface StructSchema {
  readonly kind: "struct" | "union" | "error";
  readonly name: string;
  readonly fullName: string;
  readonly fields: readonly FieldSchema[];
  readonly annotations: Annotations;
  /**
   * For `error` schemas only: build the generated error class from decoded fields
   * (field name -> value), so that `instanceof` works on the caller's side.
   */
  readonly create?: (fields: Record<string, unknown>) => Error;
}

export type MethodKind = "unary" | "oneway";

/** A method's `@cluster("failover", retries = 2)` or `@cluster("hedging", delay = 50ms, attempts = 2)`. */
export interface MethodCluster {
  readonly strategy: "failfast" | "failover" | "hedging";
  /** failover: further attempts after the first. */
  readonly retries?: number;
  /** hedging: wait before the next attempt, ms. */
  readonly delayMs?: number;
  /** hedging: attempts at most, the first included. */
  readonly attempts?: number;
}

export interface MethodDescriptor {
  /** Method name as in IDL, e.g. `get`. */
  readonly name: string;
  /** Full service name, e.g. `shop.orders.OrderService` (the inheriting service for inherited methods). */
  readonly service: string;
  readonly kind: MethodKind;
  /** Parameters in IDL order, with their IDs, defaults and rules. */
  readonly params: readonly FieldSchema[];
  /** Result type; undefined for `void`. */
  readonly returns?: TypeSchema;
  /** Errors the method may throw (schemas with `create`). */
  readonly throws: readonly StructSchema[];
  readonly idempotent: boolean;
  /** Default deadline from `@timeout` on the method, else on the service, in ms. */
  readonly timeoutMs?: number;
  /** From `@retry(max, backoff)`. */
  readonly retry?: { readonly max: number; readonly backoffMs: number };
  /** From `@cluster(...)`: the strategy unless the client's `methods` option or the call chooses one. */
  readonly cluster?: MethodCluster;
  /** Every annotation of the method, known or not. */
  readonly annotations: Annotations;
}

/**
 * A service: its name on the wire and its methods. `H` is the handler interface
 * (a phantom type) so that `server.add(Desc, impl)` checks `impl`.
 */
/** The method names of handler interface `H`; any string when `H` is not known. */
export type MethodName<H> = unknown extends H ? string : keyof H & string;

export interface ServiceDescriptor<H = unknown> {
  /** Full name on the wire, e.g. `shop.orders.OrderService`. */
  readonly name: string;
  /** Package, e.g. `shop.orders` (empty string when the file has none). */
  readonly package: string;
  /**
   * Methods by name, own and inherited. For a generated descriptor the keys
   * are the handler's method names, so `OrderService.methods.place` needs no `!`.
   */
  readonly methods: Readonly<Record<MethodName<H>, MethodDescriptor>>;
  /** From `@version` on the service. */
  readonly version?: string;
  readonly annotations: Annotations;
  /** Phantom: never set at run time. */
  readonly __handler?: H;
}
