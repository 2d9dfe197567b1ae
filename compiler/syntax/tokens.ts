/**
 * Token types of the IDL. Labels are what error messages print (`expected ';'`).
 *
 * Order matters: chevrotain tries token types in the order of `allTokens`, so
 * doc comments come before block comments, floats and durations before
 * integers, and keywords before identifiers (with `longer_alt` so that
 * `structure` stays one identifier).
 */
import type { TokenType } from "chevrotain";
import { chevrotain } from "./chevrotain.js";

const { createToken, Lexer } = chevrotain;

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\uFEFF]+/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: Lexer.SKIPPED });
/** `/** ... *\/` but not the empty block comment `/**\/`. Kept in the "docs" group, attached later by offset. */
export const DocComment = createToken({
  name: "DocComment",
  pattern: /\/\*\*(?!\/)[\s\S]*?\*\//,
  group: "docs",
  line_breaks: true,
});
export const BlockComment = createToken({
  name: "BlockComment",
  pattern: /\/\*[\s\S]*?\*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** An unterminated block comment swallows the rest of the file; lexer.ts turns it into a diagnostic. */
export const UnterminatedComment = createToken({
  name: "UnterminatedComment",
  pattern: /\/\*[\s\S]*/,
  group: "bad",
  line_breaks: true,
});

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "identifier" });

/** Every keyword is also a Keyword, so that the grammar can accept one where a name goes and say it is reserved. */
export const Keyword = createToken({ name: "Keyword", pattern: Lexer.NA });

function keyword(word: string): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: word,
    longer_alt: Identifier,
    categories: [Keyword],
    label: `'${word}'`,
  });
}

export const Package = keyword("package");
export const Import = keyword("import");
export const As = keyword("as");
export const Const = keyword("const");
export const Enum = keyword("enum");
export const Struct = keyword("struct");
export const Union = keyword("union");
export const ErrorKw = keyword("error");
export const Service = keyword("service");
export const Extends = keyword("extends");
export const Oneway = keyword("oneway");
export const Void = keyword("void");
export const Throws = keyword("throws");
export const Optional = keyword("optional");
export const True = keyword("true");
export const False = keyword("false");
export const List = keyword("list");
export const MapKw = keyword("map");
export const Bool = keyword("bool");
export const Int32 = keyword("int32");
export const Int64 = keyword("int64");
export const Float64 = keyword("float64");
export const StringKw = keyword("string");
export const Bytes = keyword("bytes");
export const Timestamp = keyword("timestamp");

/** The primitive type keywords, in the order the parser tries them. */
export const primitiveTokens = [Bool, Int32, Int64, Float64, StringKw, Bytes, Timestamp];

export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\n\r]|\\.)*"/,
  label: "string",
});
/** A string that reaches the end of its line; lexer.ts reports it and the parser sees a string. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\n\r]|\\.)*/,
  label: "string",
});
export const FloatLiteral = createToken({
  name: "FloatLiteral",
  pattern: /-?\d+(?:\.\d+(?:[eE][+-]?\d+)?|[eE][+-]?\d+)/,
  label: "number",
});
export const DurationLiteral = createToken({
  name: "DurationLiteral",
  pattern: /\d+(?:ms|s|m|h)(?![A-Za-z0-9_])/,
  label: "duration",
  start_chars_hint: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
});
export const IntLiteral = createToken({
  name: "IntLiteral",
  pattern: /-?(?:0[xX][0-9a-fA-F]+|\d+)/,
  label: "integer",
});

function punct(name: string, text: string): TokenType {
  return createToken({ name, pattern: text, label: `'${text}'` });
}

export const LCurly = punct("LCurly", "{");
export const RCurly = punct("RCurly", "}");
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LAngle = punct("LAngle", "<");
export const RAngle = punct("RAngle", ">");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const Semi = punct("Semi", ";");
export const Colon = punct("Colon", ":");
export const Comma = punct("Comma", ",");
export const Dot = punct("Dot", ".");
export const Equals = punct("Equals", "=");
export const At = punct("At", "@");

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  DocComment,
  BlockComment,
  UnterminatedComment,
  StringLiteral,
  UnterminatedString,
  FloatLiteral,
  DurationLiteral,
  IntLiteral,
  Package,
  Import,
  As,
  Const,
  Enum,
  Struct,
  Union,
  ErrorKw,
  Service,
  Extends,
  Oneway,
  Void,
  Throws,
  Optional,
  True,
  False,
  List,
  MapKw,
  ...primitiveTokens,
  Identifier,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LAngle,
  RAngle,
  LBracket,
  RBracket,
  Semi,
  Colon,
  Comma,
  Dot,
  Equals,
  At,
  Keyword,
];
