/**
 * The inbound `requests_per_second` limit (SPEC §3, §5) as a token bucket: it holds up to
 * `burst` tokens, refills continuously at `ratePerSecond`, and every request takes one. A
 * continuous refill (rather than a per-second window) is what makes fractional rates work:
 * 0.1/s admits one request every 10 s, not zero.
 *
 * @see https://en.wikipedia.org/wiki/Token_bucket
 */

/** What a limiter says about one request. `retryAfterSeconds` becomes the `Retry-After` header. */
export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export interface RateLimitSettings {
  /** Sustained rate; any positive finite number, fractions included. */
  readonly ratePerSecond: number;
  /** Most requests admitted back to back; default `max(1, ceil(ratePerSecond))`. */
  readonly burst?: number;
}

export interface TokenBucket {
  /**
   * Takes one token if there is one.
   * @param now milliseconds on any monotonic clock; default `performance.now()`. Tests pass it.
   */
  take(now?: number): RateDecision;
}

/**
 * Refill arithmetic works in floating point; without this slack, a bucket at 0.1/s could hold
 * 0.9999999999 tokens after exactly 10 s and refuse a request it owes.
 */
export const TOKEN_EPSILON = 1e-9;

/** Checks the settings once, so a bad `model.yaml` value fails at start-up, not per request. */
export function resolveRateLimitSettings(settings: RateLimitSettings): Required<RateLimitSettings> {
  const { ratePerSecond } = settings;
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
    throw new RangeError(`ratePerSecond must be a positive finite number, got ${ratePerSecond}`);
  }
  const burst = settings.burst ?? Math.max(1, Math.ceil(ratePerSecond));
  if (!Number.isFinite(burst) || burst < 1) {
    throw new RangeError(`burst must be a finite number of at least 1, got ${burst}`);
  }
  return { ratePerSecond, burst };
}

/** Whole seconds until `deficit` tokens have refilled; never 0, since `Retry-After: 0` invites a storm. */
export function retryAfterSecondsFor(deficit: number, ratePerSecond: number): number {
  return Math.max(1, Math.ceil(deficit / ratePerSecond - TOKEN_EPSILON));
}

/**
 * @example
 * const bucket = createTokenBucket({ ratePerSecond: 0.1 });
 * bucket.take(0);      // { allowed: true }
 * bucket.take(1_000);  // { allowed: false, retryAfterSeconds: 9 }
 * bucket.take(10_000); // { allowed: true }
 */
export function createTokenBucket(settings: RateLimitSettings): TokenBucket {
  const { ratePerSecond, burst } = resolveRateLimitSettings(settings);
  let tokens = burst;
  let updatedAt: number | undefined;

  return {
    take(now = performance.now()) {
      // A clock that steps backwards must not drain the bucket; it just refills nothing.
      const elapsedMs = updatedAt === undefined ? 0 : Math.max(0, now - updatedAt);
      updatedAt = updatedAt === undefined ? now : Math.max(updatedAt, now);
      tokens = Math.min(burst, tokens + (elapsedMs * ratePerSecond) / 1000);
      if (tokens + TOKEN_EPSILON >= 1) {
        tokens = Math.max(0, tokens - 1);
        return { allowed: true };
      }
      return { allowed: false, retryAfterSeconds: retryAfterSecondsFor(1 - tokens, ratePerSecond) };
    },
  };
}
