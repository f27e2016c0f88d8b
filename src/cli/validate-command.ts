/** `foundry-gateway validate [model.yaml]`: every problem on its own line, by path; exit 1 when any. */

import { ConfigError, loadConfig } from '../config/load-config.js';
import { resolveConfigPath, type CliIo } from './cli-io.js';
import { exitCodes, type ExitCode } from './usage.js';

export async function validateCommand(configPath: string | undefined, io: CliIo): Promise<ExitCode> {
  const path = resolveConfigPath(configPath, io.environment);
  try {
    const config = await loadConfig(path, io.environment);
    const models = Object.keys(config.models);
    io.stdout.write(`${path} is valid: ${models.length} models (${models.join(', ')}), default ${config.default_model}\n`);
    return exitCodes.success;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${path} is not valid (${error.problems.length} ${error.problems.length === 1 ? 'problem' : 'problems'}):\n`);
    for (const problem of error.problems) io.stderr.write(`${problem}\n`);
    return exitCodes.failed;
  }
}
