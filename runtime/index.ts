/// <reference types="node" preserve="true" />
/**
 * rpcgen's public runtime API (`rpcgen/runtime`).
 */
export { Code, toCode } from "./codes.js";
export { RpcError, IdlError } from "./errors.js";
export type { RpcErrorOptions } from "./errors.js";
export type { CallContext, CallOptions, Channel, Metadata } from "./call.js";
export type * from "./schema/types.js";

export { createServer } from "./server/server.js";
export type { Server, ListenOptions, ServerStats } from "./server/server.js";
export type { ServerOptions, ServerLimits, ServerErrorHook, AdvertiseOptions } from "./server/options.js";
export type { AdmissionConfig, AdmissionRules, LimiterSpec } from "./server/admission-config.js";
export { HEALTH_SERVICE, HealthDescriptor, HealthStatus, healthStatusName, healthCheck, healthWatch } from "./health/index.js";
export type { Health, HealthHandler } from "./health/index.js";
export type { HealthProbeOptions } from "./client/health-probe.js";
// Availability building blocks (docs/availability.md): limiters, shedding, breakers, retries, bulkheads.
export * from "./resilience/index.js";
export { createClient } from "./client/channel.js";
export type { RpcClient, ClientStats } from "./client/channel.js";
export type { ClientOptions } from "./client/options.js";
export type { ClientBreakerOptions, ClientBulkheadOptions, ClientRetryOptions } from "./client/resilience.js";
export { fallbackApplies, withFallback, type Fallback } from "./client/fallback.js";
export type { ServerTlsOptions, ClientTlsOptions } from "./transport/tls.js";
export type { BackoffOptions } from "./transport/backoff.js";

export { currentContext, detachContext, withDeadline } from "./context.js";
export type { PropagatedContext, DeadlineSpec } from "./context.js";
export { DEFAULT_TIMEOUT_MS, minDeadline, remainingMs } from "./deadline.js";

// Observability (docs/observability.md): Prometheus metrics come from "rpcgen/runtime/prometheus" (prom-client),
// tracing from "rpcgen/runtime/tracing" (@opentelemetry/api); both load only when imported.
export { combineObservers } from "./observability/observer.js";
export type { CallObserver, RefusalReason, Side as ObserverSide } from "./observability/observer.js";

export { chain } from "./middleware/chain.js";
export type { Call, Handler, Middleware } from "./middleware/types.js";

export { MemoryRegistry, memoryRegistry } from "./registry/memory.js";
export { StaticRegistry } from "./registry/static.js";
export { makeInstance, instanceKey } from "./registry/registry.js";
export type { Instance, InstanceListener, Registry, RegistryOptions } from "./registry/registry.js";
export { Registrar, LEASE_DEFAULTS } from "./registry/registrar.js";
export type { LeaseOptions, InstanceUpdate } from "./registry/registrar.js";
export { ADVERTISE_HOST_ENV } from "./server/advertise.js";
// The Redis adapter is imported from "rpcgen/runtime/redis" (it loads ioredis); targets load it lazily.

// Choosing the instance (docs/balancing.md): balancers by name, routers, route tags.
export { createBalancer, registerBalancer, balancerNames } from "./balancer/balancer.js";
export type { Balancer, BalancerFactory, BalancerOptions, PickInfo, Picked, Usable } from "./balancer/balancer.js";
export { RoundRobinBalancer } from "./balancer/round-robin-balancer.js";
export { WeightedRoundRobinBalancer } from "./balancer/weighted-round-robin.js";
export { RandomBalancer } from "./balancer/random.js";
export { WeightedRandomBalancer } from "./balancer/weighted-random.js";
export { HashBalancer } from "./balancer/hash.js";
export { ConsistentHashBalancer } from "./balancer/consistent-hash.js";
export type { ConsistentHashOptions } from "./balancer/consistent-hash.js";
export { LeastActiveBalancer } from "./balancer/least-active.js";
export { P2cEwmaBalancer } from "./balancer/p2c-ewma.js";
export type { P2cEwmaOptions } from "./balancer/p2c-ewma.js";
export { RouterChain, applyRouter } from "./router/router.js";
export type { ClusterStrategy, HedgePolicy } from "./cluster/cluster.js";
export { refusedHere } from "./cluster/cluster.js";
export { clusterStrategy, FAILFAST, type ClusterName } from "./cluster/strategies.js";
export { FailfastStrategy } from "./cluster/failfast.js";
export { FailoverStrategy, type FailoverOptions } from "./cluster/failover.js";
export { HedgingStrategy, type HedgingOptions } from "./cluster/hedging.js";
export { broadcastVia, type BroadcastChannel, type BroadcastOptions, type InstanceResult } from "./cluster/broadcast.js";
export type { SelectionOptions } from "./client/selection.js";
export type { Router, RouterOptions } from "./router/router.js";
export { groupRouter } from "./router/group.js";
export { labelsRouter } from "./router/labels.js";
export { versionRouter } from "./router/version.js";
export { pinRouter } from "./router/pin.js";
export { ruleRouter } from "./router/rule.js";
export type { Rule } from "./router/rule.js";
export { routeTagRouter } from "./router/tag.js";
export type { RouteTagRouterOptions } from "./router/tag.js";
export { ROUTE_TAG_PREFIX, routeTag, routeTagKey, routeTags, isRouteTagKey } from "./router/route-tags.js";

// Extension points: serializers and compressors are registries of wire ids.
export {
  registerSerializer,
  getSerializer,
  serializerByName,
  msgpackSerializer,
  jsonSerializer,
  CodecError,
  registerCompressor,
  getCompressor,
  compressorByName,
  noneCompressor,
  gzipCompressor,
  DecompressError,
} from "./codec/index.js";
export type { Serializer, Compressor } from "./codec/index.js";
export { validateValue, validateArgs } from "./schema/index.js";
export type { ValidationIssue } from "./schema/index.js";
export { ProtocolError, DEFAULT_FRAME_LIMITS } from "./protocol/index.js";
export type { FrameLimits } from "./protocol/index.js";
