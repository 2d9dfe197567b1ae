/**
 * Run as a child process (fork): an Echo server that reports its port, how
 * many `sleep` calls are running and how many oneway `track` calls arrived
 * over IPC, so a test can SIGKILL or SIGSTOP it with calls in flight.
 */
import { startEcho } from "./echo-server.js";

const started = await startEcho();
process.send?.({ port: started.port });
setInterval(() => process.send?.({ sleeping: started.probe.sleepers.length, tracked: started.probe.tracked.length }), 20).unref();
process.on("disconnect", () => process.exit(0));
