/**
 * Every compiler message in one table: a stable code, a category and a
 * template with `{0}`-style placeholders. Codes never change meaning once
 * released; docs/diagnostics.md lists each with an example.
 *
 * Ranges: RPC1xxx syntax (lexer, parser), RPC2xxx semantic (resolver, checker),
 * RPC3xxx emit (names that cannot be generated as written).
 */
import type { Span } from "./ast.js";
import type { Category, Diagnostic } from "./diagnostics.js";

export interface MessageTemplate {
  category: Category;
  /** Text with `{0}`, `{1}`... replaced by the arguments of {@link diag}. */
  template: string;
}

export const messages = {
  // --- syntax (RPC1xxx) ---
  RPC1001: { category: "error", template: "unexpected character '{0}'" },
  RPC1002: { category: "error", template: "unterminated string literal; close it with '\"' on the same line" },
  RPC1003: { category: "error", template: "unterminated block comment; close it with '*/'" },
  RPC1004: { category: "error", template: "unknown escape sequence '{0}'; use \\\", \\\\, \\n, \\t or \\u{...}" },
  RPC1005: { category: "error", template: "expected {0} but found {1}" },
  RPC1006: { category: "error", template: "expected {0} but found {1}" },
  RPC1007: { category: "error", template: "unexpected {0}; expected a declaration" },
  RPC1008: { category: "error", template: "'package' must come before imports and declarations" },
  RPC1009: { category: "error", template: "a file can have only one 'package' declaration" },
  RPC1010: { category: "error", template: "imports must come before declarations" },
  RPC1011: { category: "error", template: "number '{0}' cannot be represented" },
  RPC1012: { category: "error", template: "'{0}' is a keyword and cannot be used as a name" },
  RPC1013: { category: "error", template: "nesting is deeper than {0} levels; flatten the type or value (e.g. with a named struct)" },
  RPC1014: { category: "error", template: "too many syntax errors; the rest of the file was not checked. Fix the errors above first" },
  RPC1015: { category: "error", template: "'{0}' is half of a UTF-16 surrogate pair, not a character; write the character or its code point, e.g. \\u{1F600}" },

  // --- semantic (RPC2xxx) ---
  RPC2001: { category: "error", template: "unknown type '{0}'" },
  RPC2002: { category: "error", template: "unknown constant '{0}'" },
  RPC2003: { category: "error", template: "enum '{0}' has no value '{1}'" },
  RPC2004: { category: "error", template: "'{0}' is a {1}, not a type" },
  RPC2005: { category: "error", template: "'{0}' is a {1}, not a constant or enum value" },

  RPC2010: { category: "error", template: "field ID {0} is out of range; IDs go from 1 to 536870911" },
  RPC2011: { category: "error", template: "duplicate field ID {0}: already used by '{1}'" },
  RPC2012: { category: "error", template: "duplicate field name '{0}'" },
  RPC2013: { category: "error", template: "duplicate enum value name '{0}'" },
  RPC2014: { category: "error", template: "enum value {0} of '{1}' is already used by '{2}'" },
  RPC2015: { category: "error", template: "duplicate name '{0}': already declared at line {1}" },
  RPC2016: { category: "error", template: "'{0}' imported from '{1}' collides with '{0}' {2}" },
  RPC2017: { category: "error", template: "duplicate method '{0}' in service '{1}'" },

  RPC2020: { category: "error", template: "default value {0} does not fit type '{1}'" },
  RPC2021: { category: "error", template: "constant value {0} does not fit type '{1}'" },
  RPC2022: { category: "error", template: "constant '{0}' refers to itself" },

  RPC2030: { category: "error", template: "integer {0} is out of range for int32 (-2147483648 to 2147483647)" },
  RPC2031: { category: "error", template: "integer {0} is out of range for int64" },

  RPC2040: { category: "error", template: "oneway method '{0}' must return void" },
  RPC2041: { category: "error", template: "oneway method '{0}' cannot throw: nobody receives its answer" },
  RPC2042: { category: "error", template: "'{0}' is a {1}, not an error; throws lists error types only" },
  RPC2043: {
    category: "error",
    template: "required parameter '{0}' comes after optional parameter '{1}'; put optional and defaulted parameters last",
  },
  RPC2044: { category: "error", template: "service '{0}' cannot extend '{1}': it is a {2}, not a service" },
  RPC2045: { category: "error", template: "unknown service '{0}'" },
  RPC2046: { category: "error", template: "service inheritance cycle: {0}" },
  RPC2047: { category: "error", template: "method '{0}' clashes with the method of the same name inherited from '{1}'" },
  RPC2048: { category: "error", template: "'{0}' is listed twice in throws" },

  RPC2050: { category: "error", template: "map key type '{0}' is not allowed; use string, int32, int64 or an enum" },

  RPC2060: { category: "error", template: "@{0} is not allowed on {1}; it applies to {2}" },
  RPC2061: { category: "error", template: "invalid arguments for @{0}: {1}" },
  RPC2062: { category: "error", template: "@retry needs @idempotent on the same method: only idempotent calls may be retried" },
  RPC2063: { category: "warning", template: "unknown annotation @{0}; it is kept in the descriptor for middleware" },
  RPC2064: { category: "error", template: "duplicate annotation @{0}" },
  RPC2065: { category: "error", template: '@cluster("hedging") needs @idempotent on the same method: a hedged call may run on several instances' },

  RPC2070: { category: "warning", template: "'{0}' is deprecated{1}" },

  RPC2080: { category: "error", template: "union member '{0}' cannot be optional: exactly one member of a union is set" },
  RPC2081: { category: "error", template: "union member '{0}' cannot have a default: exactly one member of a union is set" },
  RPC2082: { category: "error", template: "union '{0}' has no members; it could never be sent" },

  RPC2090: { category: "error", template: "field '{0}' of error '{1}' clashes with the '{0}' property every Error has" },

  RPC2100: { category: "error", template: "cannot find import '{0}' (tried: {1})" },
  RPC2101: { category: "error", template: "import cycle: {0}" },
  RPC2102: { category: "error", template: "cannot read input file '{0}'" },

  // --- emit (RPC3xxx): owned by the emitter ---
  RPC3001: { category: "error", template: "'{0}' is a reserved word in JavaScript and cannot name {1} in generated code" },
  RPC3002: { category: "error", template: "'{0}' is a built-in TypeScript type name and cannot name {1}" },
  RPC3003: { category: "error", template: "'{0}' would shadow the global '{0}' that generated code uses" },
  RPC3004: { category: "error", template: "'{0}' clashes with the {1} generated for '{2}'" },
  RPC3005: { category: "error", template: "'{0}' cannot name {1}: the runtime never sets '{0}' keys on decoded objects" },
  RPC3006: { category: "error", template: "field '{0}' of error '{1}' clashes with the '{0}' method every Error has" },
  RPC3007: { category: "error", template: "'{0}' cannot be a method name: {1}" },
  RPC3008: { category: "error", template: "parameter '{0}' would hide the service descriptor '{0}' that the generated client uses" },
  RPC3009: { category: "error", template: "'{0}' and '{1}' would both be generated as '{2}'" },
} satisfies Record<string, MessageTemplate>;

export type MessageCode = keyof typeof messages;

/** Argument types a template placeholder accepts. */
export type MessageArg = string | number | bigint;

/** Fill a template: `format("a {0} b", x)`. A placeholder without an argument stays as written. */
export function formatMessage(template: string, args: readonly MessageArg[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => {
    const arg = args[Number(i)];
    return arg === undefined ? whole : String(arg);
  });
}

/** Build a diagnostic from the table. Add a hint with `{ ...diag(...), hint }`. */
export function diag(code: MessageCode, span: Span, ...args: MessageArg[]): Diagnostic {
  const entry: MessageTemplate = messages[code];
  return { code, category: entry.category, message: formatMessage(entry.template, args), span };
}

/** Like {@link diag}, with a hint line ("did you mean 'Order'?", "rename to 'messageText'"). */
export function diagWithHint(code: MessageCode, span: Span, hint: string | undefined, ...args: MessageArg[]): Diagnostic {
  const d = diag(code, span, ...args);
  if (hint !== undefined) d.hint = hint;
  return d;
}
