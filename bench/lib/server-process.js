/**
 * Entry point of every server the bench runs in a process of its own:
 *
 *   node bench/lib/server-process.js mock    '{"latencyMs":1,"longStreamEvents":20000}'
 *   node bench/lib/server-process.js proxy   '{"host":"127.0.0.1","port":1234}'
 *   node bench/lib/server-process.js gateway '{"dist":"/abs/dist","config":"<model.yaml text>"}'
 *
 * Each listens on an ephemeral loopback port and tells the parent which one over IPC. SIGTERM
 * closes it and exits 0, so `--cpu-prof` gets to write its profile.
 */

import { once } from 'node:events';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { pathToFileURL } from 'node:url';
import { createBareProxy } from './bare-proxy.js';
import { createMockVendor } from './mock-vendor.js';

const host = '127.0.0.1';

/**
 * @typedef {object} RunningServer
 * @property {number} port
 * @property {() => Promise<void>} close
 */

/**
 * @param {import('node:http').Server} server
 * @returns {Promise<RunningServer>}
 */
async function listenPlain(server) {
  server.listen(0, host);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  return {
    port: address.port,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * The built gateway, exactly as `npm start` builds it but quiet: logger off (the default of
 * `buildApp`), the config parsed by the same `parseConfig` the CLI uses.
 * @param {{ dist: string, config: string }} options
 * @returns {Promise<RunningServer>}
 */
async function listenGateway(options) {
  const appModule = await import(pathToFileURL(join(options.dist, 'app.js')).href);
  const configModule = await import(pathToFileURL(join(options.dist, 'config', 'load-config.js')).href);
  const config = configModule.parseConfig(options.config, 'bench.yaml');
  const { app } = appModule.buildApp(config);
  await app.listen({ host, port: 0 });
  return { port: app.server.address().port, close: () => app.close() };
}

/**
 * @param {string} role
 * @param {Record<string, unknown>} options
 * @returns {Promise<RunningServer>}
 */
function start(role, options) {
  switch (role) {
    case 'mock':
      return listenPlain(
        createMockVendor({ latencyMs: Number(options.latencyMs ?? 1), longStreamEvents: Number(options.longStreamEvents ?? 20_000) }),
      );
    case 'proxy':
      return listenPlain(createBareProxy({ host: String(options.host), port: Number(options.port) }));
    case 'gateway':
      return listenGateway({ dist: String(options.dist), config: String(options.config) });
    default:
      throw new Error(`unknown server role ${JSON.stringify(role)}`);
  }
}

const [role = '', rawOptions = '{}'] = process.argv.slice(2);
const server = await start(role, JSON.parse(rawOptions));
const stop = () => {
  // Held streams may keep a graceful close waiting; the profile and the exit code matter more.
  setTimeout(() => process.exit(0), 2_000).unref();
  void server.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The parent going away (a crashed or interrupted bench) must not leave servers behind.
process.once('disconnect', stop);
process.send?.({ type: 'ready', port: server.port });
