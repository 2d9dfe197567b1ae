/** What every check receives. */
import type { Diagnostic } from "../diagnostics.js";

/** Where checks put what they find. */
export type Report = (d: Diagnostic) => void;
