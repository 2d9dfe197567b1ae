/**
 * Status codes of a failed call: the names gRPC users know.
 * `Code.X === "X"`, so a code is readable in logs and on the wire.
 */
export const Code = {
  CANCELLED: "CANCELLED",
  UNKNOWN: "UNKNOWN",
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  DEADLINE_EXCEEDED: "DEADLINE_EXCEEDED",
  NOT_FOUND: "NOT_FOUND",
  RESOURCE_EXHAUSTED: "RESOURCE_EXHAUSTED",
  FAILED_PRECONDITION: "FAILED_PRECONDITION",
  UNIMPLEMENTED: "UNIMPLEMENTED",
  INTERNAL: "INTERNAL",
  UNAVAILABLE: "UNAVAILABLE",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  PERMISSION_DENIED: "PERMISSION_DENIED",
} as const;

export type Code = (typeof Code)[keyof typeof Code];

const known = new Set<string>(Object.values(Code));

/** Narrow an untrusted string (e.g. from the wire) to a Code; anything else is UNKNOWN. */
export function toCode(value: unknown): Code {
  return typeof value === "string" && known.has(value) ? (value as Code) : Code.UNKNOWN;
}
