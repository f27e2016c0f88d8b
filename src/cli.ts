#!/usr/bin/env node
/**
 * The `foundry-gateway` command: `serve`, `validate`, `run`, `compare` (usage and exit codes in
 * `cli/usage.ts`). This file only dispatches and maps failures to exit codes; each command
 * lives in `cli/<command>-command.ts`.
 */

import { parseCommandLine, type CliCommand } from './cli/arguments.js';
import type { CliIo } from './cli/cli-io.js';
import { exitCodes, usageText, UsageError, type ExitCode } from './cli/usage.js';

// Commands are imported when chosen: the gateway and the vendor SDKs take seconds to load, which
// `--help`, a usage mistake or `validate` should not pay for.

/** Resolves to an exit code, or to undefined while `serve` keeps the process running. */
async function dispatch(command: CliCommand, io: CliIo): Promise<ExitCode | undefined> {
  switch (command.command) {
    case 'help':
      io.stdout.write(`${usageText}\n`);
      return exitCodes.success;
    case 'serve': {
      const { serveCommand } = await import('./cli/serve-command.js');
      await serveCommand(command, io);
      return undefined;
    }
    case 'validate': {
      const { validateCommand } = await import('./cli/validate-command.js');
      return validateCommand(command.configPath, io);
    }
    case 'run': {
      const { runCommand } = await import('./cli/run-command.js');
      return runCommand(command, io);
    }
    case 'compare': {
      const { compareCommand } = await import('./cli/compare-command.js');
      return compareCommand(command, io);
    }
    default: {
      const unknownCommand: never = command;
      throw new Error(`unhandled command: ${JSON.stringify(unknownCommand)}`);
    }
  }
}

async function exitCodeFor(error: unknown, io: CliIo): Promise<ExitCode> {
  if (error instanceof UsageError) {
    io.stderr.write(`foundry-gateway: ${error.message}\n\n${usageText}\n`);
    return exitCodes.badUsage;
  }
  const { ConfigError } = await import('./config/load-config.js');
  if (error instanceof ConfigError) {
    io.stderr.write(`${error.message}\n`);
    return exitCodes.failed;
  }
  io.stderr.write(`foundry-gateway: ${error instanceof Error ? error.message : String(error)}\n`);
  return exitCodes.failed;
}

const io: CliIo = { stdout: process.stdout, stderr: process.stderr, environment: process.env };

// process.exitCode (not process.exit) lets stdout drain when it is a pipe.
async function main(): Promise<void> {
  try {
    const code = await dispatch(parseCommandLine(process.argv.slice(2)), io);
    if (code !== undefined) process.exitCode = code;
  } catch (error) {
    process.exitCode = await exitCodeFor(error, io);
  }
}

await main();
