/**
 * What chevrotain's parse errors say. The provider returns the message
 * arguments (what was expected, what was found) as a JSON array rather than
 * prose: the wording lives in messages.ts. (Joining them with NUL cut short
 * any message whose token held a NUL.)
 */
import type { IParserErrorMessageProvider, IToken, TokenType } from "chevrotain";
import { chevrotain } from "./chevrotain.js";
import { printable } from "./printable.js";
import { Identifier, IntLiteral, RCurly, StringLiteral } from "./tokens.js";

/** What a token looks like in "but found X". */
export function describeFound(token: IToken | undefined): string {
  if (token === undefined || token.tokenType === chevrotain.EOF) return "end of file";
  return `'${printable(token.image)}'`;
}

function describeExpected(t: TokenType): string {
  return t === chevrotain.EOF ? "end of file" : (t.LABEL ?? t.name);
}

/**
 * What was expected where a bare token name would mislead: a closing brace
 * is only expected because the body's repetition saw nothing it knows.
 */
function describeMismatch(expected: TokenType, ruleName: string): string {
  if (ruleName === "field" && expected === IntLiteral) return "a field ID such as '1:'";
  if (ruleName === "importDecl" && expected === StringLiteral) return 'a quoted path such as "common.idl"';
  if (ruleName === "annotation" && expected === Identifier) return "an annotation name";
  if (expected === RCurly) {
    if (ruleName === "structDecl") return "a field such as '1: string name;' or '}'";
    if (ruleName === "enumDecl") return "an enum value or '}'";
    if (ruleName === "serviceDecl") return "a method or '}'";
  }
  return describeExpected(expected);
}

/** Distinct first tokens of a set of paths, in order, as "A, B or C". */
function oneOf(paths: TokenType[][]): string {
  const seen: string[] = [];
  for (const p of paths) {
    const first = p[0];
    if (first === undefined) continue;
    const d = describeExpected(first);
    if (!seen.includes(d)) seen.push(d);
  }
  if (seen.length <= 1) return seen[0] ?? "something else";
  if (seen.length > 6) return `one of ${seen.slice(0, 6).join(", ")}, ...`;
  return `${seen.slice(0, -1).join(", ")} or ${seen[seen.length - 1]}`;
}

/** Rule names that read well in "expected a ...". */
const ruleDescriptions: Record<string, string> = {
  topLevel: "a declaration (package, import, const, enum, struct, union, error or service)",
  declarationBody: "a declaration (const, enum, struct, union, error or service)",
  type: "a type",
  returnType: "a return type or 'void'",
  literal: "a value",
  name: "a name",
};

/** Handed to the parser; see {@link splitParserMessage}. */
export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual, ruleName }) => join(describeMismatch(expected, ruleName), describeFound(actual)),
  buildNotAllInputParsedMessage: ({ firstRedundant }) => join(describeFound(firstRedundant)),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) =>
    join(ruleDescriptions[ruleName] ?? oneOf(expectedPathsPerAlt.flat()), describeFound(actual[0])),
  // The one mandatory repetition is a method's throws list.
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) =>
    join(ruleName === "method" ? "an error type" : (ruleDescriptions[ruleName] ?? oneOf(expectedIterationPaths)), describeFound(actual[0])),
};

function join(...parts: string[]): string {
  return JSON.stringify(parts);
}

/** The message arguments a parser error carries (what was expected, what was found). */
export function splitParserMessage(message: string): string[] {
  try {
    const parts: unknown = JSON.parse(message);
    if (Array.isArray(parts) && parts.every((p) => typeof p === "string")) return parts;
  } catch {
    // a message chevrotain built itself
  }
  return [message];
}
