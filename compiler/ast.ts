/**
 * The IDL abstract syntax tree: the only thing the compiler stages share.
 *
 * The parser (syntax/) builds it, the checker (semantic/) reads it and fills in
 * the `resolved` slots of references, the emitter (emit/) reads the result.
 * Every node carries the span of source it came from so that any stage can
 * report a diagnostic at file:line:col.
 */

/** A position in a source file; line and column are 1-based, offset 0-based. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A range of source text: start inclusive, end exclusive. */
export interface Span {
  file: string;
  start: Position;
  end: Position;
}

interface NodeBase {
  span: Span;
}

/** An identifier as written, with its own span (for precise diagnostics). */
export interface Identifier extends NodeBase {
  kind: "identifier";
  text: string;
}

/** `a.b.c` as written: a package name or a qualified reference. */
export interface QualifiedName extends NodeBase {
  kind: "qualifiedName";
  parts: Identifier[];
}

// ---------------------------------------------------------------- literals

export type Literal =
  | IntLiteral
  | FloatLiteral
  | StringLiteral
  | BoolLiteral
  | DurationLiteral
  | ListLiteral
  | RefLiteral;

export interface IntLiteral extends NodeBase {
  kind: "int";
  /** Exact value; int64 needs bigint. */
  value: bigint;
  /** As written (`0x1F`, `-7`), for messages. */
  text: string;
}

export interface FloatLiteral extends NodeBase {
  kind: "float";
  value: number;
  text: string;
}

export interface StringLiteral extends NodeBase {
  kind: "string";
  /** Escapes already decoded. */
  value: string;
}

export interface BoolLiteral extends NodeBase {
  kind: "bool";
  value: boolean;
}

export interface DurationLiteral extends NodeBase {
  kind: "duration";
  /** Milliseconds. */
  millis: number;
  text: string;
}

export interface ListLiteral extends NodeBase {
  kind: "list";
  items: Literal[];
}

/** A reference to a constant or an enum value: `MAX_PAGE`, `Status.PAID`, `common.ZERO`. */
export interface RefLiteral extends NodeBase {
  kind: "ref";
  name: QualifiedName;
  /** Filled by the checker. */
  resolved?: ResolvedValue;
}

/** What a RefLiteral names, once resolved. */
export type ResolvedValue =
  | { kind: "const"; decl: ConstDecl; file: SourceFile }
  | { kind: "enumValue"; decl: EnumDecl; value: EnumValue; file: SourceFile };

// ---------------------------------------------------------------- annotations

export interface AnnotationArg extends NodeBase {
  /** Undefined for a positional argument. */
  name?: Identifier;
  value: Literal;
}

export interface Annotation extends NodeBase {
  kind: "annotation";
  name: Identifier;
  args: AnnotationArg[];
  /** True when written with parentheses, even if empty: `@foo()`. */
  hasParens: boolean;
}

/** A `/** ... *\/` comment attached to the next declaration; text without the markers and leading stars. */
export interface DocComment extends NodeBase {
  text: string;
}

// ---------------------------------------------------------------- types

export type TypeNode = PrimitiveType | ListType | MapType | NamedType;

export type PrimitiveName = "bool" | "int32" | "int64" | "float64" | "string" | "bytes" | "timestamp";

export interface PrimitiveType extends NodeBase {
  kind: "primitive";
  name: PrimitiveName;
}

export interface ListType extends NodeBase {
  kind: "listType";
  element: TypeNode;
}

export interface MapType extends NodeBase {
  kind: "mapType";
  key: TypeNode;
  value: TypeNode;
}

/** A user type by name: `Item`, `common.Money`. */
export interface NamedType extends NodeBase {
  kind: "named";
  name: QualifiedName;
  /** Filled by the checker: the declaration and the file that holds it. */
  resolved?: { decl: TypeDecl; file: SourceFile };
}

// ---------------------------------------------------------------- declarations

export interface DeclBase extends NodeBase {
  name: Identifier;
  doc?: DocComment;
  annotations: Annotation[];
}

export interface ConstDecl extends DeclBase {
  kind: "const";
  type: TypeNode;
  value: Literal;
}

export interface EnumValue extends DeclBase {
  kind: "enumValue";
  /** As written; undefined when omitted. */
  explicit?: IntLiteral;
  /** Filled by the checker: explicit, or previous + 1 (first 0). */
  value?: number;
}

export interface EnumDecl extends DeclBase {
  kind: "enum";
  values: EnumValue[];
}

/** A struct field or a method parameter: `ID: [optional] TYPE NAME [= default] {annotation};` */
export interface Field extends DeclBase {
  kind: "field";
  id: IntLiteral;
  optional: boolean;
  /** Span of the `optional` keyword when present. */
  optionalSpan?: Span;
  type: TypeNode;
  default?: Literal;
}

export interface StructDecl extends DeclBase {
  kind: "struct";
  fields: Field[];
}

export interface UnionDecl extends DeclBase {
  kind: "union";
  fields: Field[];
}

export interface ErrorDecl extends DeclBase {
  kind: "error";
  fields: Field[];
}

/** `void` or a type. */
export type ReturnType = { kind: "void"; span: Span } | TypeNode;

export interface Method extends DeclBase {
  kind: "method";
  oneway: boolean;
  /** Span of the `oneway` keyword when present. */
  onewaySpan?: Span;
  returns: ReturnType;
  params: Field[];
  throws: NamedType[];
  /** Span of the `throws` keyword when present. */
  throwsSpan?: Span;
}

export interface ServiceDecl extends DeclBase {
  kind: "service";
  extends?: NamedType;
  /**
   * Filled by the checker: the service `extends` names (NamedType.resolved
   * only holds type declarations, and a service is not one).
   */
  resolvedExtends?: { decl: ServiceDecl; file: SourceFile };
  methods: Method[];
}

export type TypeDecl = EnumDecl | StructDecl | UnionDecl | ErrorDecl;
export type Declaration = ConstDecl | TypeDecl | ServiceDecl;

export interface PackageDecl extends NodeBase {
  name: QualifiedName;
}

export interface ImportDecl extends NodeBase {
  path: StringLiteral;
  alias?: Identifier;
  /** Filled by the resolver: absolute path of the imported file, when found. */
  resolvedPath?: string;
}

/** One parsed `.idl` file. */
export interface SourceFile {
  kind: "file";
  /** Absolute path. */
  path: string;
  /** Path relative to the input root it was found under (used to mirror output paths). */
  relativePath: string;
  /** Full text, for carets in diagnostics. */
  text: string;
  doc?: DocComment;
  package?: PackageDecl;
  imports: ImportDecl[];
  declarations: Declaration[];
}

/** The whole compilation: every file reached from the inputs, including imports. */
export interface Program {
  /** Files in a deterministic order (inputs sorted, then imports as discovered). */
  files: SourceFile[];
  /** The files named on the command line (or found under a directory argument); only these are emitted. */
  roots: SourceFile[];
}
