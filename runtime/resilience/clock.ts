/**
 * Time for the resilience state machines. Every algorithm reads time through a
 * `Clock` (or takes `now` as an argument), so tests drive it with a fake one
 * and never sleep.
 */

/** A source of the current time in milliseconds. */
export interface Clock {
  now(): number;
}

/**
 * Wall-clock milliseconds (`Date.now`), the same scale as call deadlines, so a
 * retry can compare its next attempt against the deadline directly. The
 * algorithms treat time that goes backwards as no time passing.
 */
export const systemClock: Clock = { now: () => Date.now() };
