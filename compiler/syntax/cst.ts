/**
 * Small typed accessors over chevrotain CST nodes. Nodes built during error
 * recovery may lack any child, and tokens inserted by recovery have no
 * offset, so every accessor can return undefined and callers skip what is
 * missing.
 */
import type { CstElement, CstNode, IToken } from "chevrotain";

function isToken(e: CstElement): e is IToken {
  return (e as IToken).image !== undefined;
}

/** A real (not recovery-inserted) token child. */
export function tok(node: CstNode, name: string, index = 0): IToken | undefined {
  const e = node.children[name]?.[index];
  if (e === undefined || !isToken(e) || Number.isNaN(e.startOffset) || e.isInsertedInRecovery === true) return undefined;
  return e;
}

/** Every real token child of that name. */
export function toks(node: CstNode, name: string): IToken[] {
  const out: IToken[] = [];
  for (const e of node.children[name] ?? []) {
    if (isToken(e) && !Number.isNaN(e.startOffset) && e.isInsertedInRecovery !== true) out.push(e);
  }
  return out;
}

export function sub(node: CstNode, name: string, index = 0): CstNode | undefined {
  const e = node.children[name]?.[index];
  return e !== undefined && !isToken(e) ? e : undefined;
}

export function subs(node: CstNode, name: string): CstNode[] {
  const out: CstNode[] = [];
  for (const e of node.children[name] ?? []) if (!isToken(e)) out.push(e);
  return out;
}

/** Start and end (exclusive) offsets of a node, or undefined when recovery left it without tokens. */
export function nodeRange(node: CstNode): [number, number] | undefined {
  const loc = node.location;
  if (loc === undefined || Number.isNaN(loc.startOffset)) return undefined;
  const end = loc.endOffset === undefined || Number.isNaN(loc.endOffset) ? loc.startOffset : loc.endOffset;
  return [loc.startOffset, end + 1];
}
