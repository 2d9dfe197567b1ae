/**
 * The rpcgen row of the codec micro-benchmark: the default serializer
 * (msgpack, structs keyed by field IDs) driven by the generated Item schema.
 */
import { pathToFileURL } from "node:url";
import { msgpackSerializer } from "../runtime/codec/index.js";
import type { StructSchema, TypeSchema } from "../runtime/schema/types.js";
import type { CodecCase } from "./codec.js";
import { makeItems } from "./payload.js";
import { generatedModule } from "./paths.js";

/** Loads the generated schema (../gen.ts must have run) and prepares the case. */
export async function rpcgenCodecCase(): Promise<CodecCase> {
  const path = generatedModule();
  const mod = (await import(pathToFileURL(path).href)) as { Item$schema?: StructSchema };
  const schema = mod.Item$schema;
  if (schema === undefined) throw new Error(`${path} has no Item$schema`);
  const type: TypeSchema = { kind: "ref", target: () => schema };
  const items = makeItems().map((item) => ({ ...item, id: BigInt(item.id) }));
  const mask = items.length - 1;
  let i = 0;
  const s = msgpackSerializer;
  return {
    codec: "rpcgen",
    detail: "default serializer: msgpack, struct keyed by field IDs, generated schema",
    bytes: s.encode(items[0], type).length,
    roundTrip: () => s.decode(s.encode(items[i++ & mask], type), type),
  };
}
