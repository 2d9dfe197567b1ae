/**
 * Run-time schemas (the contract in types.ts) and validation against them.
 */
export type * from "./types.js";
export { validateArgs, validateResult, validateValue } from "./validate.js";
export type { ValidationIssue } from "./issue.js";
export { compilePattern } from "./rules.js";
