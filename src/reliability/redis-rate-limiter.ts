/**
 * `requests_per_second` shared by every gateway instance through Redis (SPEC §8).
 *
 * When Redis cannot answer (down, unreachable, slow past `commandTimeoutMs`) the limiter does not
 * fail the request and does not wait: it falls back to an in-memory bucket with the same
 * settings, so each instance limits alone, exactly as it would without `REDIS_URL`. That is
 * "fail open" for the shared limit (N instances may admit up to N x the rate while Redis is
 * gone) but never unlimited, and a Redis outage never turns into a gateway outage. The operator
 * hears about it through `onRedisError`, once per outage rather than once per request.
 *
 * @see https://redis.io/docs/latest/commands/evalsha/
 * @see https://github.com/redis/ioredis#lua-scripting
 */

import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RateLimiter } from './rate-limiter.js';
import { redisTokenBucketScript } from './redis-token-bucket-script.js';
import {
  createTokenBucket,
  resolveRateLimitSettings,
  TOKEN_EPSILON,
  type RateDecision,
  type RateLimitSettings,
} from './token-bucket.js';

export interface RedisRateLimiterOptions extends RateLimitSettings {
  /** `redis://[:password@]host:port[/db]` or `rediss://…`. */
  readonly redisUrl: string;
  /** Namespaces the bucket's key, so several deployments can share one Redis. */
  readonly keyPrefix?: string;
  /** Longest wait for Redis before deciding locally; default 250 ms. */
  readonly commandTimeoutMs?: number;
  /**
   * Called when Redis stops answering, once until it answers again. Hook a `logger.warn` here.
   * The error may carry the Redis URL's host but never its password (ioredis does not print it).
   */
  readonly onRedisError?: (error: Error) => void;
}

export const defaultKeyPrefix = 'foundry-gateway:';
const scriptSha = createHash('sha1').update(redisTokenBucketScript).digest('hex');

/** ioredis's connection states in which a command would only queue behind a reconnect. */
const disconnectedStates = new Set(['reconnecting', 'close', 'end']);

export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { ratePerSecond, burst } = resolveRateLimitSettings(options);
  const key = `${options.keyPrefix ?? defaultKeyPrefix}rate-limit`;
  // Once idle for this long the bucket is full again, so an expired key loses nothing.
  const ttlMs = Math.ceil((burst / ratePerSecond) * 1000) + 1000;
  const scriptArguments = [String(ratePerSecond), String(burst), String(ttlMs), String(TOKEN_EPSILON)];
  const localBucket = createTokenBucket({ ratePerSecond, burst });

  const client = new Redis(options.redisUrl, {
    commandTimeout: options.commandTimeoutMs ?? 250,
    // A take() either reaches Redis now or is decided locally; retrying it later would spend a
    // shared token for a request that has already been answered.
    maxRetriesPerRequest: 0,
  });

  let failing = false;
  let closed = false;
  const reportFailure = (error: Error): void => {
    if (failing || closed) return;
    failing = true;
    options.onRedisError?.(error);
  };
  // Without a listener ioredis prints every reconnect failure to stderr itself.
  client.on('error', reportFailure);

  async function runScript(): Promise<unknown> {
    try {
      return await client.evalsha(scriptSha, 1, key, ...scriptArguments);
    } catch (error) {
      // NOSCRIPT: this Redis has not seen the script yet (restart, failover, SCRIPT FLUSH).
      // EVAL runs it and caches it under the same SHA for the next call.
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) {
        return client.eval(redisTokenBucketScript, 1, key, ...scriptArguments);
      }
      throw error;
    }
  }

  return {
    async take(): Promise<RateDecision> {
      if (disconnectedStates.has(client.status)) {
        reportFailure(new Error(`Redis connection is ${client.status}`));
        return localBucket.take();
      }
      try {
        const decision = parseScriptReply(await runScript());
        failing = false;
        return decision;
      } catch (error) {
        reportFailure(error instanceof Error ? error : new Error(String(error)));
        return localBucket.take();
      }
    },
    async close() {
      closed = true;
      if (client.status === 'ready') {
        await client.quit().catch(() => client.disconnect());
      } else {
        client.disconnect();
      }
    },
  };
}

function parseScriptReply(reply: unknown): RateDecision {
  if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
    throw new Error('unexpected reply from the rate-limit script');
  }
  return reply[0] === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: Math.max(1, reply[1]) };
}
