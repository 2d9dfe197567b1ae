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
 * Wall-clock milliseconds (`Date.now`), the same scale as call deadlines. The
 * algorithms treat time that goes backwards as no time passing. Each read
 * allocates a boxed number in V8 (epoch ms do not fit a small integer), so a
 * hot caller that already read the time passes it as `now` instead.
 */
export const systemClock: Clock = { now: () => Date.now() };
