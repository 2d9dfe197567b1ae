/** The built-in health service: its descriptor, the server-side state and the client helpers. */
export { HEALTH_SERVICE, HealthDescriptor, HealthStatus, healthStatusName, type HealthHandler } from "./descriptor.js";
export type { Health } from "./health-state.js";
export { healthCheck, healthWatch } from "./health-check.js";
