/**
 * Run as a child process (fork): an Echo server that reports its port and
 * how many `sleep` calls are running over IPC, so a test can SIGKILL it with
 * calls in flight.
 */
import { startEcho } from "./echo-server.js";

const started = await startEcho();
process.send?.({ port: started.port });
setInterval(() => process.send?.({ sleeping: started.probe.sleepers.length }), 20).unref();
process.on("disconnect", () => process.exit(0));
