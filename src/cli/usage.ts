/**
 * The command line's help text and exit codes. Scripts rely on the codes, so they are named
 * once here and printed in `--help`.
 */

export const exitCodes = {
  /** Everything asked for worked. */
  success: 0,
  /** A request or a validation failed (compare: at least one model failed). */
  failed: 1,
  /** The command line itself was wrong: unknown command or option, missing argument, unreadable request file. */
  badUsage: 2,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** A mistake in how the command was called; the entry point prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const usageText = `usage:
  foundry-gateway serve    [--config model.yaml] [--port 8080] [--host 0.0.0.0]
  foundry-gateway validate [model.yaml]
  foundry-gateway run      <request.json> [--config model.yaml] [--model alias] [--stream] [--dry-run] [--json]
  foundry-gateway compare  <request.json> --models a,b,c [--config model.yaml] [--json]

commands:
  serve     serve the gateway (PORT, HOST and MODEL_YAML are read when the options are absent)
  validate  check model.yaml; prints every problem with its path
  run       send one request (the Labelbox envelope in the file) through the gateway in-process;
            --stream prints the answer as it arrives, --dry-run prints the vendor-native request,
            --json prints the raw response body (with --stream: the result as compare --json has it)
  compare   send the same request to several models at once (streamed) and print, side by side,
            status, latency, time to first token, tokens and the answer; --json for machines

The config is --config, else MODEL_YAML, else ./model.yaml.

exit codes:
  0  success
  1  a request or validation failed (compare: any model failed)
  2  bad usage (unknown command or option, missing argument, unreadable request file)`;
