export type { Call, Handler, Middleware } from "./types.js";
export { chain } from "./chain.js";
