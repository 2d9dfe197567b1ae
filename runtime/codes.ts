/**
 * Status codes of a failed call: the 16 non-OK codes of gRPC, with the names
 * gRPC users know. `Code.X === "X"`, so a code is readable in logs and on the
 * wire; a peer's code this side does not know reads as UNKNOWN.
 */
export const Code = {
  CANCELLED: "CANCELLED",
  UNKNOWN: "UNKNOWN",
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  DEADLINE_EXCEEDED: "DEADLINE_EXCEEDED",
  NOT_FOUND: "NOT_FOUND",
  ALREADY_EXISTS: "ALREADY_EXISTS",
  PERMISSION_DENIED: "PERMISSION_DENIED",
  RESOURCE_EXHAUSTED: "RESOURCE_EXHAUSTED",
  FAILED_PRECONDITION: "FAILED_PRECONDITION",
  ABORTED: "ABORTED",
  OUT_OF_RANGE: "OUT_OF_RANGE",
  UNIMPLEMENTED: "UNIMPLEMENTED",
  INTERNAL: "INTERNAL",
  UNAVAILABLE: "UNAVAILABLE",
  DATA_LOSS: "DATA_LOSS",
  UNAUTHENTICATED: "UNAUTHENTICATED",
} as const;

export type Code = (typeof Code)[keyof typeof Code];

const known = new Set<string>(Object.values(Code));

/** Narrow an untrusted string (e.g. from the wire) to a Code; anything else is UNKNOWN. */
export function toCode(value: unknown): Code {
  return typeof value === "string" && known.has(value) ? (value as Code) : Code.UNKNOWN;
}
