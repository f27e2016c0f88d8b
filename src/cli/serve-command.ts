/** `foundry-gateway serve`: load the config, listen, and shut down gracefully on SIGTERM/SIGINT. */

import { loadConfig } from '../config/load-config.js';
import { createLogger, exitOnSignals, serve } from '../server.js';
import { parsePort } from './arguments.js';
import { resolveConfigPath, type CliIo } from './cli-io.js';

export interface ServeCommandOptions {
  readonly configPath: string | undefined;
  readonly port: number | undefined;
  readonly host: string | undefined;
}

/** Resolves once listening; from then on the signal handlers decide when the process exits. */
export async function serveCommand(options: ServeCommandOptions, io: CliIo): Promise<void> {
  const environment = io.environment;
  const port = options.port ?? (environment.PORT === undefined ? 8080 : parsePort(environment.PORT));
  const config = await loadConfig(resolveConfigPath(options.configPath, environment), environment);
  const logger = createLogger();
  const server = await serve({ config, port, host: options.host ?? environment.HOST ?? '0.0.0.0', logger });
  exitOnSignals(server, logger);
}
