/**
 * `foundry-gateway run <request.json>`: one request through the gateway in-process. stdout gets
 * only the answer (streamed text as it arrives, the model's text, the keyed predict answer, the
 * dry run's native request, or with `--json` the raw body), so it can be piped; errors,
 * warnings and the timing summary go to stderr.
 */

import type { GatewayConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { resolveConfigPath, type CliIo } from './cli-io.js';
import { toJsonResult } from './collect-result.js';
import { formatError, formatSummary } from './format-result.js';
import { requestModel } from './gateway-request.js';
import { startInProcessGateway } from './in-process-gateway.js';
import { startProgress } from './progress.js';
import { readRequestFile, requestedModel, routeFor, withInferenceParams } from './request-file.js';
import { exitCodes, type ExitCode } from './usage.js';

export interface RunOptions {
  readonly requestFile: string;
  readonly configPath: string | undefined;
  readonly model: string | undefined;
  readonly stream: boolean;
  readonly dryRun: boolean;
  readonly json: boolean;
}

export async function runCommand(options: RunOptions, io: CliIo): Promise<ExitCode> {
  const original = await readRequestFile(options.requestFile);
  const envelope = withInferenceParams(original, {
    model: options.model,
    // Only what was asked for is written: without --stream the file's own choice stands.
    stream: options.stream ? true : undefined,
    dry_run: options.dryRun ? true : undefined,
  });
  const config: GatewayConfig = await loadConfig(resolveConfigPath(options.configPath, io.environment), io.environment);
  const route = routeFor(envelope);
  const model = requestedModel(envelope) ?? config.default_model;

  const gateway = await startInProcessGateway(config);
  const progress = startProgress(io.stderr, `waiting for ${model}`);
  let printedText = '';
  try {
    const { result, body, streamed, warnings } = await requestModel(gateway.url, route, envelope, {
      model,
      onText: (text) => {
        progress.stop();
        if (options.json) return;
        io.stdout.write(text);
        printedText += text;
      },
    });
    progress.stop();
    if (printedText !== '' && !printedText.endsWith('\n')) io.stdout.write('\n');
    for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);

    if (options.json) {
      // A stream has no single body to hand back, so --json gives the collected result instead.
      const json = streamed ? JSON.stringify(toJsonResult(result), null, 2) : body;
      io.stdout.write(json.endsWith('\n') ? json : `${json}\n`);
    } else if (result.ok && !streamed) {
      io.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    }
    if (!result.ok) {
      io.stderr.write(formatError(result));
      return exitCodes.failed;
    }
    if (!options.json && route.answer === 'direct') io.stderr.write(formatSummary(result));
    return exitCodes.success;
  } finally {
    progress.stop();
    await gateway.close();
  }
}
