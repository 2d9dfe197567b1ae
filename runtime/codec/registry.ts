/**
 * Serializers by wire id and by name. The built-ins are registered at load;
 * a user may add their own (or replace one) with registerSerializer.
 */
import { jsonSerializer } from "./json.js";
import { msgpackSerializer } from "./msgpack.js";
import type { Serializer } from "./types.js";

/** The serializer a client uses unless told otherwise: msgpack. */
export const DEFAULT_SERIALIZER_ID = 1;

const byId = new Map<number, Serializer>();
const byName = new Map<string, Serializer>();

/** Registers `s` under its id and name, replacing any serializer registered with the same id or name. */
export function registerSerializer(s: Serializer): void {
  if (!Number.isInteger(s.id) || s.id < 0 || s.id > 255) {
    throw new RangeError(`serializer id must be an integer 0..255, got ${s.id} (${s.name})`);
  }
  const old = byId.get(s.id);
  if (old !== undefined) byName.delete(old.name);
  byId.set(s.id, s);
  byName.set(s.name, s);
}

/** The serializer with wire id `id`, or undefined (the caller answers with an error). */
export function getSerializer(id: number): Serializer | undefined {
  return byId.get(id);
}

/** The serializer registered as `name` ("msgpack", "json", ...), or undefined. */
export function serializerByName(name: string): Serializer | undefined {
  return byName.get(name);
}

registerSerializer(msgpackSerializer);
registerSerializer(jsonSerializer);
