/**
 * Messages between the orchestrator (run.ts) and its worker processes.
 */
import type { DriveResult } from "./driver.js";

/** Server process -> parent. */
export type ServerMessage =
  | { type: "ready"; port: number; ports?: readonly number[] }
  | { type: "stats"; receipts: number; timeMs: number; peakRssMb: number; cpuUs: number; sysUs: number; gcMs: number; errors: number }
  | { type: "failed"; error: string };

/** Client process -> parent. */
export type ClientMessage =
  | { type: "phase"; phase: "measure-start" | "measure-end" }
  | { type: "result"; result: DriveResult }
  | { type: "failed"; error: string };

/** Parent -> server process. */
export type ServerCommand = { type: "stats" } | { type: "exit" };

/** Parent -> client process. */
export type ClientCommand =
  | {
      type: "run";
      port: number;
      /** Every server port, for peers that run several. */
      ports?: readonly number[];
      inFlight: number;
      nameBytes: number;
      oneway: boolean;
      warmupMs: number;
      durationMs: number;
    }
  | { type: "exit" };
