/**
 * `foundry-gateway compare <request.json> --models a,b,c`: the same request to several models at
 * once, each streamed so the time to first token is measured, then one table (or `--json`).
 * Exit 1 when any model failed, so a script can gate on "every vendor answered".
 */

import type { GatewayConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { resolveConfigPath, type CliIo } from './cli-io.js';
import { toJsonResult, type ModelResult } from './collect-result.js';
import { defaultTableOptions, renderCompareTable } from './compare-table.js';
import { requestModel } from './gateway-request.js';
import { startInProcessGateway } from './in-process-gateway.js';
import { startProgress } from './progress.js';
import { readRequestFile, routeFor, withInferenceParams, type RequestEnvelope } from './request-file.js';
import { exitCodes, type ExitCode } from './usage.js';

export interface CompareOptions {
  readonly requestFile: string;
  readonly configPath: string | undefined;
  readonly models: readonly string[];
  readonly json: boolean;
}

/** One envelope per model; direct runs are streamed (predict answers are one JSON either way). */
export function envelopesFor(envelope: RequestEnvelope, models: readonly string[]): RequestEnvelope[] {
  const streamed = routeFor(envelope).answer === 'direct';
  return models.map((model) => withInferenceParams(envelope, { model, stream: streamed ? true : undefined }));
}

/** Errors carry no `x-gateway-provider`; the config still says which vendor the alias is. */
export function withConfiguredProvider(result: ModelResult, config: GatewayConfig): ModelResult {
  if (result.provider !== undefined) return result;
  const configured = Object.hasOwn(config.models, result.model) ? config.models[result.model] : undefined;
  return configured === undefined ? result : { ...result, provider: configured.provider };
}

function waitingLabel(pending: readonly string[], total: number): string {
  return `waiting for ${pending.length} of ${total}: ${pending.join(', ')}`;
}

export async function compareCommand(options: CompareOptions, io: CliIo): Promise<ExitCode> {
  const envelopes = envelopesFor(await readRequestFile(options.requestFile), options.models);
  const config = await loadConfig(resolveConfigPath(options.configPath, io.environment), io.environment);
  const gateway = await startInProcessGateway(config);
  const pending = [...options.models];
  const progress = startProgress(io.stderr, waitingLabel(pending, options.models.length));
  let results: ModelResult[];
  try {
    results = await Promise.all(
      options.models.map(async (model, index) => {
        const envelope = envelopes[index] ?? {};
        const { result } = await requestModel(gateway.url, routeFor(envelope), envelope, { model });
        pending.splice(pending.indexOf(model), 1);
        progress.update(waitingLabel(pending, options.models.length));
        return withConfiguredProvider(result, config);
      }),
    );
  } finally {
    progress.stop();
    await gateway.close();
  }

  if (options.json) io.stdout.write(`${JSON.stringify(results.map(toJsonResult), null, 2)}\n`);
  else io.stdout.write(renderCompareTable(results, { ...defaultTableOptions, width: io.stdout.columns ?? defaultTableOptions.width }));
  return results.every((result) => result.ok) ? exitCodes.success : exitCodes.failed;
}
