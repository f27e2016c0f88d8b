/**
 * Where the commands write, and the config path rule they share. The entry point passes
 * `process.stdout`/`process.stderr`; keeping them as parameters keeps the commands' I/O thin.
 */

import type { ProgressStream } from './progress.js';

export interface CliIo {
  /** The answer: what a script reads. */
  readonly stdout: { write(text: string): boolean; readonly columns?: number | undefined };
  /** Diagnostics, warnings, summaries and the progress line. */
  readonly stderr: ProgressStream;
  readonly environment: NodeJS.ProcessEnv;
}

/** `--config`, else `MODEL_YAML`, else `./model.yaml` (SPEC §3). */
export function resolveConfigPath(explicit: string | undefined, environment: NodeJS.ProcessEnv): string {
  return explicit ?? environment.MODEL_YAML ?? './model.yaml';
}
