/**
 * Target schemes served by networked adapters, imported on first use so that
 * ioredis and etcd3 load only for users of `redis://`, `rediss://`, `etcd://`.
 */
import { Code } from "../codes.js";
import { RpcError } from "../errors.js";
import type { Registry } from "./registry.js";

type RegistryClass = new (target: string, options?: object) => Registry;

/** scheme -> [adapter file, exported class, npm package it needs] */
const SCHEMES: Readonly<Record<string, readonly [string, string, string]>> = {
  redis: ["./redis.js", "RedisRegistry", "ioredis"],
  rediss: ["./redis.js", "RedisRegistry", "ioredis"],
  etcd: ["./etcd.js", "EtcdRegistry", "etcd3"],
};

/** The lower-case scheme of `target` when an adapter serves it, else undefined. */
export function adapterScheme(target: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1]?.toLowerCase();
  return scheme !== undefined && Object.hasOwn(SCHEMES, scheme) ? scheme : undefined;
}

/** Open the registry a `redis://`, `rediss://` or `etcd://` target names (the caller closes it). */
export async function openRegistry(target: string, options?: object): Promise<Registry> {
  const scheme = adapterScheme(target);
  if (scheme === undefined) throw new RpcError(Code.INVALID_ARGUMENT, `"${target}" is not a registry target: use redis://, rediss:// or etcd://`);
  const [file, exported, pkg] = SCHEMES[scheme]!;
  let module: Record<string, unknown>;
  try {
    // A variable specifier: adapters are optional files, resolved only at run time.
    const specifier: string = file;
    module = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    throw new RpcError(
      Code.FAILED_PRECONDITION,
      `the ${scheme}:// registry adapter could not be loaded (${(error as Error).message}); install it with \`npm install ${pkg}\``,
      { cause: error },
    );
  }
  const Adapter = module[exported] as RegistryClass;
  return new Adapter(target, options);
}
