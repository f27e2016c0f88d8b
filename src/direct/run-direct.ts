/**
 * run_direct (SPEC §6) without HTTP: envelope -> model -> conversation -> attachments ->
 * native request -> the vendor's reply. The route only turns the outcome into bytes.
 */

import type { Conversation, ParsedPart } from '../conversation/conversation.js';
import { selectModel, type ConfiguredModel, type GatewayContext } from '../gateway-context.js';
import { buildDirectConversation, readRowDataObject } from '../labelbox/direct-conversation.js';
import { parseDirectParams } from '../labelbox/direct-params.js';
import type { Envelope } from '../labelbox/envelope.js';
import { resolveGenerationSettings } from '../labelbox/generation-params.js';
import type { NativeBody, UpstreamReply } from '../providers/provider.js';
import type { RequestTelemetry } from '../http/request-telemetry.js';
import { callUpstream } from '../upstream/call-upstream.js';
import { noteModel } from '../upstream/note-model.js';
import { observeReply } from '../upstream/observe-reply.js';
import { fetchRowDataText } from './attachment-policy.js';
import { resolveForModel } from './resolve-for-model.js';

export interface DryRunAnswer {
  readonly provider: string;
  readonly model: string;
  readonly request: NativeBody;
  readonly warnings: readonly string[];
}

export type DirectOutcome =
  | { readonly kind: 'dry-run'; readonly model: ConfiguredModel; readonly answer: DryRunAnswer }
  | {
      readonly kind: 'reply';
      /** The model that answered: the chosen one, or a fallback. */
      readonly model: ConfiguredModel;
      readonly reply: UpstreamReply;
      readonly warnings: readonly string[];
      readonly attempts: number;
    };

export interface DirectOptions {
  readonly signal: AbortSignal;
  /** Filled in as the request runs (model, attachments, timing, tokens). */
  readonly telemetry: RequestTelemetry;
  /** The client asked for SSE with `Accept: text/event-stream`. */
  readonly acceptsEventStream: boolean;
}

export async function runDirect(context: GatewayContext, envelope: Envelope, options: DirectOptions): Promise<DirectOutcome> {
  const params = parseDirectParams(context.inferenceParams.validate(envelope.inferenceParams));
  const model = selectModel(context, params.model);
  noteModel(options.telemetry, model);
  const adapter = context.adapters[model.target.provider];
  const settings = resolveGenerationSettings(params, model.config, context.config.max_tokens);
  const warnings: string[] = [];
  const rowData = await readRowDataObject(envelope.rowData, (url) =>
    fetchRowDataText(context, url, options.signal),
  );
  const parsed: Conversation<ParsedPart> = buildDirectConversation({
    rowData,
    selector: { modelConfigName: params.model_config_name, modelConfigId: params.model_config_id },
    settings,
    attachments: envelope.attachments,
    useAttachments: params.use_attachments ?? false,
  });
  const conversation = await resolveForModel(context, model, parsed, { ...options, warnings });
  const prepared = adapter.prepare(conversation, model.target);
  const allWarnings = [...warnings, ...prepared.warnings];
  if (params.dry_run === true) {
    return {
      kind: 'dry-run',
      model,
      answer: { provider: model.target.provider, model: model.target.model, request: prepared.body, warnings: allWarnings },
    };
  }
  const stream = params.stream ?? options.acceptsEventStream;
  options.telemetry.upstreamStartedAt = performance.now();
  const answer = await callUpstream(
    context,
    model,
    (candidate) => (candidate === model ? prepared : context.adapters[candidate.target.provider].prepare(conversation, candidate.target)),
    { stream, signal: options.signal },
  );
  noteModel(options.telemetry, answer.model);
  options.telemetry.attempts = answer.attempts;
  const reply = observeReply(answer.reply, answer.model.target.provider, options.telemetry);
  return { kind: 'reply', model: answer.model, reply, warnings: allWarnings, attempts: answer.attempts };
}
