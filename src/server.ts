/**
 * The only file that listens: loads the config, builds the app, serves it, and shuts down
 * gracefully. On SIGTERM/SIGINT `/readyz` turns 503, the listener stops taking new requests,
 * in-flight requests and streams get `server.shutdown_grace_ms` to finish, then the process
 * exits 0; a second signal exits at once.
 */

import { pino, type Logger } from 'pino';
import { buildApp, type GatewayApp } from './app.js';
import type { GatewayConfig } from './config/config-schema.js';

export interface ServeOptions {
  readonly config: GatewayConfig;
  readonly port: number;
  readonly host: string;
  readonly logger?: Logger;
}

export interface RunningServer extends GatewayApp {
  readonly url: string;
  /** Stops accepting, waits for in-flight work up to the grace period, then closes. */
  shutdown(): Promise<void>;
}

/** What the logger must never print, whatever a caller passes it. */
export const logRedaction = {
  paths: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.api_key', '*.secrets', 'secrets', 'api_key'],
  censor: '[redacted]',
};

/**
 * JSON lines for machines; in a terminal (unless `LOG_FORMAT=json`), pino-pretty for people.
 * @param destination where JSON lines go (tests capture them); default stdout.
 */
export function createLogger(destination?: NodeJS.WritableStream): Logger {
  const options = { level: process.env.LOG_LEVEL ?? 'info', redact: logRedaction };
  if (destination !== undefined) return pino(options, destination);
  if (process.stdout.isTTY && process.env.LOG_FORMAT !== 'json') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino(options);
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const gateway = buildApp(options.config, { logger });
  const url = await gateway.app.listen({ port: options.port, host: options.host });
  logger.info({ url, models: [...gateway.context.models.keys()] }, 'foundry-gateway listening');

  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      gateway.readiness.shuttingDown = true;
      const { shutdown_delay_ms: delay } = options.config.server;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      gateway.readiness.refusingWork = true;
      const grace = options.config.server.shutdown_grace_ms;
      const timer = setTimeout(() => {
        logger.warn({ grace_ms: grace }, 'grace period over: closing remaining connections');
        gateway.app.server.closeAllConnections();
      }, grace);
      timer.unref();
      await gateway.app.close();
      clearTimeout(timer);
    })();
    return closing;
  };
  return { ...gateway, url, shutdown };
}

/** Wires SIGTERM/SIGINT to a graceful shutdown; the second signal exits at once. */
export function exitOnSignals(server: RunningServer, logger: Logger): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    signalled = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    server.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
