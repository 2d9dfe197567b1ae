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
import type { CstChildrenDictionary, CstNode, IRecognitionException, IToken } from "chevrotain";
import { chevrotain } from "./chevrotain.js";
import { errorMessages } from "./parser-messages.js";
import * as T from "./tokens.js";

interface ParserInternals {
  SAVE_ERROR(error: IRecognitionException): IRecognitionException;
  moveToTerminatedState(): void;
}

export class IdlParser extends chevrotain.CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  /** Errors this parse may still record; past it the parser stops (see SAVE_ERROR). */
  private errorBudget = Infinity;
  /** Errors recorded since {@link begin} (`this.errors` copies the list on every read). */
  private saved = 0;
  /** Set when the budget ran out and the rest of the input was skipped. */
  stoppedAt: IToken | undefined;

  /** Start a parse of `tokens` that records at most `budget` errors and hands top-level items to `onTopLevel`. */
  begin(tokens: IToken[], budget: number, onTopLevel: (item: CstNode) => void): void {
    this.input = tokens;
    this.onTopLevel = onTopLevel;
    this.errorBudget = budget;
    this.saved = 0;
    this.stoppedAt = undefined;
  }

  /**
   * Error recovery on junk is slow (5 MB of random tokens took over a
   * minute) and its messages are noise after the first few, so once the
   * budget is spent the parser jumps to the end of its input, as tsc and buf
   * stop after a cap. SAVE_ERROR and moveToTerminatedState are chevrotain
   * internals (pinned version); the types do not declare them.
   */
  SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    const internals = chevrotain.CstParser.prototype as unknown as ParserInternals;
    if (this.saved >= this.errorBudget) {
      this.stoppedAt ??= error.token;
      internals.moveToTerminatedState.call(this);
      return error;
    }
    this.saved++;
    return internals.SAVE_ERROR.call(this, error);
  }

  /** Receives each top-level item as soon as it is parsed (set by run-parser.ts). */
  onTopLevel: (item: CstNode) => void = () => {};

  /**
   * Each top-level item goes to {@link onTopLevel} as soon as it is parsed
   * and is then emptied: the file node keeps every item it parsed, and a
   * whole 5 MB file's tree (~1 GB) outlived the young generation, so the
   * garbage collector copied it again and again (issue 10). Emptied, an
   * item's subtree dies young.
   */
  file = this.RULE("file", () => {
    this.MANY(() => {
      const item = this.SUBRULE(this.topLevel);
      this.ACTION(() => {
        this.onTopLevel(item);
        (item as { children: CstChildrenDictionary }).children = {};
      });
    });
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
