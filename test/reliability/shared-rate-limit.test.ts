/**
 * `requests_per_second` shared through one real Redis (issue 6 §1, SPEC §8): two gateway
 * instances built with the same `redisUrl` admit no more than the one shared bucket allows,
 * where each alone would admit its own burst. Skipped, with a message, without `redis-server`.
 */

import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../../src/app.js';
import { baseManifest } from '../support/gateway.js';
import { redisAvailable, startRedisServer, type RedisTestServer } from '../support/redis-server.js';
import { direct, injectGateway } from './helpers.js';

const available = redisAvailable();
if (!available) {
  console.warn('Skipping the shared rate-limit tests: redis-server is not installed (apt-get install -y redis-server).');
}

type Pair = readonly [GatewayApp, GatewayApp];

/** Sends `count` requests alternating between the instances, all at once; returns the statuses and the time it took. */
async function burst(instances: Pair, count: number): Promise<{ statuses: number[]; elapsedSeconds: number }> {
  const started = performance.now();
  const responses = await Promise.all(
    Array.from({ length: count }, (_unused, index) =>
      instances[index % 2 === 0 ? 0 : 1].app.inject({ method: 'POST', url: '/run_direct', payload: direct('echo') }),
    ),
  );
  const statuses = responses.map((response) => response.statusCode);
  return { statuses, elapsedSeconds: (performance.now() - started) / 1000 };
}

const count = (statuses: readonly number[], status: number): number => statuses.filter((value) => value === status).length;

describe.skipIf(!available)('requests_per_second through one Redis (needs redis-server)', () => {
  let redis: RedisTestServer;
  let admin: Redis;

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
  });

  afterAll(async () => {
    await admin.quit();
    await redis.stop();
  });

  // Every test starts from a full bucket.
  beforeEach(async () => {
    await admin.flushall();
  });

  /**
   * Two instances sharing this Redis, once both are connected: until then a slow connect (past
   * the limiter's 250 ms command timeout) is decided by each instance's local bucket, by design.
   */
  async function sharedInstances(rate: number): Promise<Pair> {
    const before = await clientCount();
    const yaml = `${baseManifest}requests_per_second: ${rate}\n`;
    const instances: Pair = [injectGateway(yaml, { redisUrl: redis.url }), injectGateway(yaml, { redisUrl: redis.url })];
    await expect.poll(clientCount, { timeout: 10_000 }).toBe(before + 2);
    return instances;
  }

  async function clientCount(): Promise<number> {
    const list = await admin.client('LIST');
    return String(list).split('\n').filter((line) => line.trim() !== '').length;
  }

  it('rate 1 (burst 1): two instances admit the shared allowance of 10 requests, not one each', async () => {
    const instances = await sharedInstances(1);
    const { statuses, elapsedSeconds } = await burst(instances, 10);
    const admitted = count(statuses, 200);
    // The bucket holds 1 and refills 1 per second: 1 at once, one more per whole second elapsed.
    expect(admitted).toBeGreaterThanOrEqual(1);
    expect(admitted).toBeLessThanOrEqual(1 + Math.floor(elapsedSeconds));
    expect(count(statuses, 429)).toBe(10 - admitted);
    // The key both instances drew from.
    expect(await admin.keys('*')).toEqual(['foundry-gateway:rate-limit']);
  });

  it('rate 2 (burst 2): the 429s carry Retry-After and the error envelope', async () => {
    const instances = await sharedInstances(2);
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_unused, index) =>
        instances[index % 2 === 0 ? 0 : 1].app.inject({ method: 'POST', url: '/run_direct', payload: direct('echo') }),
      ),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    const admitted = responses.filter((response) => response.statusCode === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(2);
    expect(admitted).toBeLessThanOrEqual(2 + Math.floor(elapsedSeconds * 2));
    for (const response of responses) {
      if (response.statusCode !== 429) continue;
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json()).toEqual({
        error: { code: 'rate_limited', message: 'over requests_per_second; retry later', request_id: response.headers['x-request-id'], details: [] },
      });
    }
  });

  it('control: without Redis the same two instances limit alone, each admitting its own burst', async () => {
    const yaml = `${baseManifest}requests_per_second: 0.1\n`;
    const instances: Pair = [injectGateway(yaml), injectGateway(yaml)];
    const { statuses } = await burst(instances, 10);
    expect(count(statuses, 200)).toBe(2);
  });

  it('with Redis at rate 0.1, the second instance is refused what the first took', async () => {
    const [first, second] = await sharedInstances(0.1);
    const taken = await first.app.inject({ method: 'POST', url: '/run_direct', payload: direct('echo') });
    expect(taken.statusCode).toBe(200);
    const refused = await second.app.inject({ method: 'POST', url: '/run_direct', payload: direct('echo') });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(9);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(10);
  });
});
