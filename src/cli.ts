#!/usr/bin/env node
/**
 * `foundry-gateway serve [--config model.yaml] [--port N] [--host H]` and
 * `foundry-gateway validate [model.yaml]`. Exit codes: 0 ok, 1 invalid config or failure,
 * 2 bad usage.
 */

import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config/load-config.js';
import { createLogger, exitOnSignals, serve } from './server.js';

const usage = `usage:
  foundry-gateway serve [--config model.yaml] [--port 8080] [--host 0.0.0.0]
  foundry-gateway validate [model.yaml]`;

function configPath(explicit: string | undefined): string {
  return explicit ?? process.env.MODEL_YAML ?? './model.yaml';
}

async function runServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
  });
  const config = await loadConfig(configPath(values.config));
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`invalid port: ${values.port ?? process.env.PORT ?? ''}\n`);
    return 2;
  }
  const logger = createLogger();
  const server = await serve({ config, port, host: values.host ?? process.env.HOST ?? '0.0.0.0', logger });
  exitOnSignals(server, logger);
  return -1;
}

async function runValidate(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const path = configPath(positionals[0]);
  const config = await loadConfig(path);
  process.stdout.write(`${path} is valid: ${Object.keys(config.models).length} models, default ${config.default_model}\n`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
    case undefined:
      return runServe(rest);
    case 'validate':
      return runValidate(rest);
    case '--help':
    case 'help':
      process.stdout.write(`${usage}\n`);
      return 0;
    default:
      process.stderr.write(`unknown command: ${command}\n${usage}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
