/**
 * The IDL grammar as a pure chevrotain CstParser: no semantics here, to-ast.ts
 * turns the CST into AST nodes. One instance is built once and reused
 * (`performSelfAnalysis` is the expensive part). Error recovery is on, so one
 * parse reports every syntax error and still yields a partial tree.
 *
 * The top level accepts package, imports and declarations in any order so
 * that a misplaced `import` gets a precise message from to-ast.ts instead of a
 * generic parse error.
 */
import { CstParser, EOF, type CstNode, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import * as T from "./tokens.js";

/** What a token looks like in "but found X". */
export function describeFound(token: IToken | undefined): string {
  if (token === undefined || token.tokenType === EOF) return "end of file";
  return `'${token.image}'`;
}

function describeExpected(t: TokenType): string {
  return t === EOF ? "end of file" : (t.LABEL ?? t.name);
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

/**
 * The provider returns the message arguments joined by NUL rather than prose:
 * the wording lives in messages.ts (see {@link splitParserMessage}).
 */
const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => join(describeExpected(expected), describeFound(actual)),
  buildNotAllInputParsedMessage: ({ firstRedundant }) => join(describeFound(firstRedundant)),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) =>
    join(ruleDescriptions[ruleName] ?? oneOf(expectedPathsPerAlt.flat()), describeFound(actual[0])),
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) =>
    join(ruleDescriptions[ruleName] ?? oneOf(expectedIterationPaths), describeFound(actual[0])),
};

function join(...parts: string[]): string {
  return parts.join("\u0000");
}

/** The message arguments a parser error carries (what was expected, what was found). */
export function splitParserMessage(message: string): string[] {
  return message.split("\u0000");
}

export class IdlParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.topLevel));
  });

  topLevel = this.RULE("topLevel", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.packageDecl) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.declaration) },
    ]);
  });

  packageDecl = this.RULE("packageDecl", () => {
    this.CONSUME(T.Package);
    this.SUBRULE(this.qualifiedName);
    this.CONSUME(T.Semi);
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.SUBRULE(this.name);
    });
    this.CONSUME(T.Semi);
  });

  /** A declared name. A keyword is accepted here so that to-ast.ts can say it is reserved. */
  name = this.RULE("name", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.Keyword) }]);
  });

  qualifiedName = this.RULE("qualifiedName", () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
  });

  declaration = this.RULE("declaration", () => {
    this.MANY(() => this.SUBRULE(this.annotation));
    this.SUBRULE(this.declarationBody);
  });

  declarationBody = this.RULE("declarationBody", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.constDecl) },
      { ALT: () => this.SUBRULE(this.enumDecl) },
      { ALT: () => this.SUBRULE(this.structDecl) },
      { ALT: () => this.SUBRULE(this.serviceDecl) },
    ]);
  });

  constDecl = this.RULE("constDecl", () => {
    this.CONSUME(T.Const);
    this.SUBRULE(this.type);
    this.SUBRULE(this.name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.literal);
    this.CONSUME(T.Semi);
  });

  enumDecl = this.RULE("enumDecl", () => {
    this.CONSUME(T.Enum);
    this.SUBRULE(this.name);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.enumValue));
    this.CONSUME(T.RCurly);
  });

  enumValue = this.RULE("enumValue", () => {
    this.MANY(() => this.SUBRULE(this.annotation));
    this.SUBRULE(this.name);
    this.OPTION(() => {
      this.CONSUME(T.Equals);
      this.CONSUME(T.IntLiteral);
    });
    this.MANY2(() => this.SUBRULE2(this.annotation));
    this.CONSUME(T.Semi);
  });

  /** struct, union and error share one body. */
  structDecl = this.RULE("structDecl", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Struct) },
      { ALT: () => this.CONSUME(T.Union) },
      { ALT: () => this.CONSUME(T.ErrorKw) },
    ]);
    this.SUBRULE(this.name);
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.field);
      this.CONSUME(T.Semi);
    });
    this.CONSUME(T.RCurly);
  });

  /** `{annotation} ID: [optional] TYPE NAME [= default] {annotation}`; used for fields and parameters. */
  field = this.RULE("field", () => {
    this.MANY(() => this.SUBRULE(this.annotation));
    this.CONSUME(T.IntLiteral);
    this.CONSUME(T.Colon);
    this.OPTION(() => this.CONSUME(T.Optional));
    this.SUBRULE(this.type);
    this.SUBRULE(this.name);
    this.OPTION2(() => {
      this.CONSUME(T.Equals);
      this.SUBRULE(this.literal);
    });
    this.MANY2(() => this.SUBRULE2(this.annotation));
  });

  serviceDecl = this.RULE("serviceDecl", () => {
    this.CONSUME(T.Service);
    this.SUBRULE(this.name);
    this.OPTION(() => {
      this.CONSUME(T.Extends);
      this.SUBRULE(this.qualifiedName);
    });
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.method));
    this.CONSUME(T.RCurly);
  });

  method = this.RULE("method", () => {
    this.MANY(() => this.SUBRULE(this.annotation));
    this.OPTION(() => this.CONSUME(T.Oneway));
    this.SUBRULE(this.returnType);
    this.SUBRULE(this.name);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.field) });
    this.CONSUME(T.RParen);
    this.OPTION2(() => {
      this.CONSUME(T.Throws);
      this.CONSUME2(T.LParen);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.qualifiedName) });
      this.CONSUME2(T.RParen);
    });
    this.CONSUME(T.Semi);
  });

  returnType = this.RULE("returnType", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Void) }, { ALT: () => this.SUBRULE(this.type) }]);
  });

  type = this.RULE("type", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Bool) },
      { ALT: () => this.CONSUME(T.Int32) },
      { ALT: () => this.CONSUME(T.Int64) },
      { ALT: () => this.CONSUME(T.Float64) },
      { ALT: () => this.CONSUME(T.StringKw) },
      { ALT: () => this.CONSUME(T.Bytes) },
      { ALT: () => this.CONSUME(T.Timestamp) },
      { ALT: () => this.SUBRULE(this.listType) },
      { ALT: () => this.SUBRULE(this.mapType) },
      { ALT: () => this.SUBRULE(this.qualifiedName) },
    ]);
  });

  listType = this.RULE("listType", () => {
    this.CONSUME(T.List);
    this.CONSUME(T.LAngle);
    this.SUBRULE(this.type);
    this.CONSUME(T.RAngle);
  });

  mapType = this.RULE("mapType", () => {
    this.CONSUME(T.MapKw);
    this.CONSUME(T.LAngle);
    this.SUBRULE(this.type, { LABEL: "key" });
    this.CONSUME(T.Comma);
    this.SUBRULE2(this.type, { LABEL: "value" });
    this.CONSUME(T.RAngle);
  });

  literal = this.RULE("literal", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.IntLiteral) },
      { ALT: () => this.CONSUME(T.FloatLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.DurationLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.SUBRULE(this.listLiteral) },
      { ALT: () => this.SUBRULE(this.qualifiedName) },
    ]);
  });

  listLiteral = this.RULE("listLiteral", () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.literal) });
    this.CONSUME(T.RBracket);
  });

  annotation = this.RULE("annotation", () => {
    this.CONSUME(T.At);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.annotationArg) });
      this.CONSUME(T.RParen);
    });
  });

  annotationArg = this.RULE("annotationArg", () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier, { LABEL: "argName" });
      this.CONSUME(T.Equals);
    });
    this.SUBRULE(this.literal);
  });
}

/** The shared parser instance: chevrotain parsers are reusable by resetting `input`. */
let shared: IdlParser | undefined;

export type ParseErrorKind = "mismatch" | "noViableAlt" | "notAllInput";

export interface ParseError {
  kind: ParseErrorKind;
  /** Arguments for the message table: [expected, found] or [found]. */
  args: string[];
  /** The token found where something else was expected (EOF has no offset). */
  token: IToken;
}

export interface ParseResult {
  /** The `topLevel` CST nodes of the file, in source order. */
  topLevel: CstNode[];
  errors: ParseError[];
}

/** Tokens that can start a top-level item: where parsing restarts after junk. */
const restartTokens = new Set<TokenType>([T.Package, T.Import, T.Const, T.Enum, T.Struct, T.Union, T.ErrorKw, T.Service, T.At]);

/**
 * Parse a whole file. Chevrotain's in-rule recovery does not cover junk
 * between top-level items (the file rule just stops), so on such an error we
 * skip to the next token that can start an item and parse the rest again.
 */
export function parseTokens(tokens: IToken[]): ParseResult {
  shared ??= new IdlParser();
  const topLevel: CstNode[] = [];
  const errors: ParseError[] = [];
  let rest = tokens;
  for (;;) {
    shared.input = rest;
    const cst = shared.file();
    topLevel.push(...((cst.children["topLevel"] as CstNode[] | undefined) ?? []));
    let junk: IToken | undefined;
    for (const e of shared.errors) {
      let kind: ParseErrorKind =
        e.name === "MismatchedTokenException" ? "mismatch" : e.name === "NotAllInputParsedException" ? "notAllInput" : "noViableAlt";
      let args = splitParserMessage(e.message);
      if (kind === "notAllInput") junk = e.token;
      else if (kind === "mismatch" && args[0] === "end of file") {
        // Top-level repetition recovery skipped junk: say so rather than "expected end of file".
        kind = "notAllInput";
        args = args.slice(1);
      }
      errors.push({ kind, args, token: e.token });
    }
    if (junk === undefined) break;
    const at = rest.indexOf(junk);
    let next = at + 1;
    while (next < rest.length && !restartTokens.has(rest[next]!.tokenType)) next++;
    if (at < 0 || next >= rest.length) break;
    rest = rest.slice(next);
  }
  return { topLevel, errors };
}
