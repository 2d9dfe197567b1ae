/**
 * Run as a child process (fork) with argv: target service port ttlMs. Registers one instance in etcd and renews
 * it every ttlMs / 3, reporting "registered" over IPC after the first success, so a test can SIGKILL a process
 * that holds a live lease.
 */
import { EtcdRegistry } from "../../runtime/registry/etcd.js";
import { makeInstance } from "../../runtime/registry/registry.js";
import { RenewLoop } from "./registry-probe.js";

const [target, service, port, ttlMs] = process.argv.slice(2);
const registry = new EtcdRegistry(target!);
const loop = new RenewLoop(registry, makeInstance({ service: service!, host: "127.0.0.1", port: Number(port) }), Number(ttlMs), Number(ttlMs) / 3);
const report = setInterval(() => {
  if (loop.ok > 0) {
    process.send?.("registered");
    clearInterval(report);
  }
}, 10);
process.on("disconnect", () => process.exit(0));
