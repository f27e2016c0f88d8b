#!/usr/bin/env node
/**
 * The `foundry-gateway` command: `serve`, `validate`, `run`, `compare` (usage and exit codes in
 * `cli/usage.ts`). This file only dispatches and maps failures to exit codes; each command
 * lives in `cli/<command>-command.ts`.
 */

import { parseCommandLine, type CliCommand } from './cli/arguments.js';
import type { CliIo } from './cli/cli-io.js';
import { compareCommand } from './cli/compare-command.js';
import { runCommand } from './cli/run-command.js';
import { serveCommand } from './cli/serve-command.js';
import { exitCodes, usageText, UsageError, type ExitCode } from './cli/usage.js';
import { validateCommand } from './cli/validate-command.js';
import { ConfigError } from './config/load-config.js';

/** Resolves to an exit code, or to undefined while `serve` keeps the process running. */
async function dispatch(command: CliCommand, io: CliIo): Promise<ExitCode | undefined> {
  switch (command.command) {
    case 'help':
      io.stdout.write(`${usageText}\n`);
      return exitCodes.success;
    case 'serve':
      await serveCommand(command, io);
      return undefined;
    case 'validate':
      return validateCommand(command.configPath, io);
    case 'run':
      return runCommand(command, io);
    case 'compare':
      return compareCommand(command, io);
    default: {
      const unknownCommand: never = command;
      throw new Error(`unhandled command: ${JSON.stringify(unknownCommand)}`);
    }
  }
}

function exitCodeFor(error: unknown, io: CliIo): ExitCode {
  if (error instanceof UsageError) {
    io.stderr.write(`foundry-gateway: ${error.message}\n\n${usageText}\n`);
    return exitCodes.badUsage;
  }
  if (error instanceof ConfigError) {
    io.stderr.write(`${error.message}\n`);
    return exitCodes.failed;
  }
  io.stderr.write(`foundry-gateway: ${error instanceof Error ? error.message : String(error)}\n`);
  return exitCodes.failed;
}

const io: CliIo = { stdout: process.stdout, stderr: process.stderr, environment: process.env };

// process.exitCode (not process.exit) lets stdout drain when it is a pipe.
Promise.resolve()
  .then(() => dispatch(parseCommandLine(process.argv.slice(2)), io))
  .then(
    (code) => {
      if (code !== undefined) process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = exitCodeFor(error, io);
    },
  );
