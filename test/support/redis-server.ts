/**
 * A real `redis-server` on 127.0.0.1 and a free port, for tests of the shared rate limit. Nothing
 * is persisted (`--save ''`, `--appendonly no`). Tests never install Redis: they check
 * `redisAvailable()` and skip with a message; `.ci/run` installs Debian's `redis-server`.
 *
 * @example
 * const available = redisAvailable();
 * describe.skipIf(!available)('shared limit (needs redis-server; apt-get install -y redis-server)', () => {
 *   let redis: RedisTestServer;
 *   beforeAll(async () => { redis = await startRedisServer(); });
 *   afterAll(() => redis.stop());
 * });
 */

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';

export const redisServerBinary = process.env.REDIS_SERVER_BIN ?? 'redis-server';

export interface RedisTestServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** True when `redis-server` can be run here. Synchronous, so `describe.skipIf` can use it. */
export function redisAvailable(): boolean {
  const result = spawnSync(redisServerBinary, ['--version'], { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

export async function startRedisServer(): Promise<RedisTestServer> {
  // Another process can take the port between our probe and Redis binding it; try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
    const child = spawn(
      redisServerBinary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir(), '--loglevel', 'warning'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      await waitForPong(port, child);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: () => stopChild(child),
      };
    } catch (error) {
      lastError = error;
      await stopChild(child);
    }
  }
  throw new Error(`redis-server did not start: ${String(lastError)}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls with a raw RESP `PING` until `+PONG` comes back, the child exits, or 10 s pass. */
async function waitForPong(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server exited with ${child.exitCode ?? child.signalCode}`);
    }
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (answered: boolean): void => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
