/**
 * Turns argv into one typed command, without touching the file system or the environment, so
 * every usage mistake is a `UsageError` (exit 2) found before any work starts.
 */

import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CompareOptions } from './compare-command.js';
import type { RunOptions } from './run-command.js';
import type { ServeCommandOptions } from './serve-command.js';
import { UsageError } from './usage.js';

/** Each command's options are declared by the command itself; this only adds which one ran. */
export type CliCommand =
  | { readonly command: 'help' }
  | ({ readonly command: 'serve' } & ServeCommandOptions)
  | { readonly command: 'validate'; readonly configPath: string | undefined }
  | ({ readonly command: 'run' } & RunOptions)
  | ({ readonly command: 'compare' } & CompareOptions);

type Options = NonNullable<ParseArgsConfig['options']>;

const helpOption = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;

/** `node:util` parseArgs, with its errors (unknown option, missing value) turned into usage errors. */
function parse<const T extends Options>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options: { ...options, ...helpOption }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function onePositional(positionals: readonly string[], what: string, required: boolean): string | undefined {
  if (positionals.length > 1) throw new UsageError(`expected one ${what}, got ${positionals.length}: ${positionals.join(' ')}`);
  const value = positionals[0];
  if (required && value === undefined) throw new UsageError(`missing ${what}`);
  return value;
}

/** A TCP port as given on the command line or in `PORT`. */
export function parsePort(text: string): number {
  const port = Number(text);
  if (text.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`invalid port: ${JSON.stringify(text)} (expected an integer from 0 to 65535)`);
  }
  return port;
}

/** `a,b , c` -> `['a', 'b', 'c']`; empty entries are ignored, a repeated alias is a mistake. */
export function parseModelList(text: string): string[] {
  const models = text
    .split(',')
    .map((alias) => alias.trim())
    .filter((alias) => alias !== '');
  if (models.length === 0) throw new UsageError('--models needs at least one model alias, e.g. --models gpt-4o,claude');
  const repeated = models.find((alias, index) => models.indexOf(alias) !== index);
  if (repeated !== undefined) throw new UsageError(`--models lists ${JSON.stringify(repeated)} twice`);
  return models;
}

function parseServe(args: readonly string[]): CliCommand {
  const { values, positionals } = parse(args, {
    config: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
  });
  if (values.help === true) return { command: 'help' };
  if (positionals.length > 0) throw new UsageError(`serve takes no positional arguments: ${positionals.join(' ')}`);
  return {
    command: 'serve',
    configPath: values.config,
    port: values.port === undefined ? undefined : parsePort(values.port),
    host: values.host,
  };
}

function parseValidate(args: readonly string[]): CliCommand {
  const { values, positionals } = parse(args, { config: { type: 'string' } });
  if (values.help === true) return { command: 'help' };
  const positional = onePositional(positionals, 'model.yaml path', false);
  if (positional !== undefined && values.config !== undefined) throw new UsageError('give the config path once: as an argument or with --config');
  return { command: 'validate', configPath: positional ?? values.config };
}

function parseRun(args: readonly string[]): CliCommand {
  const { values, positionals } = parse(args, {
    config: { type: 'string' },
    model: { type: 'string' },
    stream: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help === true) return { command: 'help' };
  const requestFile = onePositional(positionals, 'request file (request.json)', true) ?? '';
  const dryRun = values['dry-run'] === true;
  if (dryRun && values.stream === true) throw new UsageError('--dry-run calls no vendor, so it cannot be combined with --stream');
  return {
    command: 'run',
    requestFile,
    configPath: values.config,
    model: values.model,
    stream: values.stream === true,
    dryRun,
    json: values.json === true,
  };
}

function parseCompare(args: readonly string[]): CliCommand {
  const { values, positionals } = parse(args, {
    config: { type: 'string' },
    models: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help === true) return { command: 'help' };
  const requestFile = onePositional(positionals, 'request file (request.json)', true) ?? '';
  if (values.models === undefined) throw new UsageError('compare needs --models a,b,c');
  return {
    command: 'compare',
    requestFile,
    configPath: values.config,
    models: parseModelList(values.models),
    json: values.json === true,
  };
}

/**
 * @example
 * parseCommandLine(['compare', 'request.json', '--models', 'gpt-4o,claude'])
 * // { command: 'compare', requestFile: 'request.json', models: ['gpt-4o', 'claude'], ... }
 */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      // `npm start` runs `foundry-gateway serve`; a bare `foundry-gateway` does the same.
      return parseServe([]);
    case 'serve':
      return parseServe(rest);
    case 'validate':
      return parseValidate(rest);
    case 'run':
      return parseRun(rest);
    case 'compare':
      return parseCompare(rest);
    case 'help':
    case '--help':
    case '-h':
      return { command: 'help' };
    default:
      // `foundry-gateway --port 9000` is `serve --port 9000`, as the bare command is `serve`.
      if (command.startsWith('-')) return parseServe(argv);
      throw new UsageError(`unknown command: ${command}`);
  }
}
