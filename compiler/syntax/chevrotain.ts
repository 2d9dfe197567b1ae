/**
 * chevrotain, loaded from the single-file bundle its package ships
 * (lib/chevrotain.mjs) when it is there. The package entry pulls in hundreds
 * of lodash-es modules, which costs about 0.3 s of CPU at start-up, a tenth of
 * the compile budget; the bundle is the same code and version and loads in
 * ~15 ms. The package's `exports` hide the bundle, so it is found next to the
 * resolved entry; if that ever fails, the ordinary entry is used.
 *
 * Only the syntax/ files use chevrotain, and only through this module, so no
 * two copies ever meet.
 */
import type * as Chevrotain from "chevrotain";

async function load(): Promise<typeof Chevrotain> {
  try {
    const bundle = new URL("../chevrotain.mjs", import.meta.resolve("chevrotain"));
    const mod = (await import(bundle.href)) as typeof Chevrotain;
    if (typeof mod.CstParser === "function" && typeof mod.createToken === "function") return mod;
  } catch {
    // fall through to the package entry
  }
  return await import("chevrotain");
}

export const chevrotain: typeof Chevrotain = await load();
