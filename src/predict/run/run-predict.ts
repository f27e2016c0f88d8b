/**
 * predict (SPEC §7) without HTTP: envelope -> ontology -> task schema -> the data row as one
 * user turn -> the vendor's structured output -> the answer keyed by feature name. An answer
 * that fails the schema gets one repair round-trip; a second failure is a 502 carrying what the
 * model said.
 */

import type { Conversation, ParsedPart, ResolvedPart, Turn } from '../../conversation/conversation.js';
import { resolveForModel } from '../../direct/resolve-for-model.js';
import { GatewayError, type ErrorDetail } from '../../errors.js';
import { selectModel, type ConfiguredModel, type GatewayContext } from '../../gateway-context.js';
import { parseDataRowAttachments } from '../../labelbox/data-row-attachments.js';
import type { Envelope } from '../../labelbox/envelope.js';
import { resolveGenerationSettings } from '../../labelbox/generation-params.js';
import { assertAllowedFeatureKinds, parseOntology, type Ontology } from '../../labelbox/ontology.js';
import type { NativeBody } from '../../providers/provider.js';
import { replyReaders } from '../../providers/reply-readers.js';
import type { RequestTelemetry } from '../../http/request-telemetry.js';
import { callUpstream } from '../../upstream/call-upstream.js';
import { addUsage, noteModel } from '../../upstream/note-model.js';
import { echoModelOutput } from '../echo-predictor.js';
import { readImageDimensions, type ImageDimensions } from '../geometry/image-dimensions.js';
import { readModelReply, repairInstruction, toKeyedAnswer, type KeyedAnswer } from '../keyed-answer.js';
import { buildTaskSchema } from '../task-schema.js';
import type { TaskSchema, WarningLog } from '../task-types.js';
import { predictFeatureHandlers, usesImageTools } from './predict-handlers.js';
import { assetImageBytes, readPredictAsset, sourceTextAfterResolving } from './predict-asset.js';
import { parsePredictParams, type PredictParams } from './predict-params.js';

export type PredictOutcome =
  | { readonly kind: 'dry-run'; readonly model: ConfiguredModel; readonly answer: { provider: string; model: string; request: NativeBody; warnings: readonly string[] } }
  | { readonly kind: 'answer'; readonly model: ConfiguredModel; readonly answer: KeyedAnswer; readonly warnings: readonly string[] };

export interface PredictOptions {
  readonly signal: AbortSignal;
  /** Filled in as the request runs (model, attachments, timing, tokens). */
  readonly telemetry: RequestTelemetry;
  readonly log: WarningLog;
}

function ontologyFor(context: GatewayContext, envelope: Envelope): Ontology {
  const source = envelope.ontology ?? context.config.ontology;
  if (source === undefined) {
    throw new GatewayError('invalid_request', 'no ontology: send one in the request or set `ontology` in model.yaml', {
      details: [{ path: 'ontology', message: 'required' }],
    });
  }
  const ontology = parseOntology(source);
  if (context.config.allowed_feature_kinds !== undefined) assertAllowedFeatureKinds(ontology, context.config.allowed_feature_kinds);
  return ontology;
}

function buildConversation(
  task: TaskSchema,
  params: PredictParams,
  model: ConfiguredModel,
  parts: readonly ParsedPart[],
  context: GatewayContext,
): Conversation<ParsedPart> {
  // The model's configured `params` are defaults under the request's, as for run_direct.
  const settings = resolveGenerationSettings(params, model.config, context.config.max_tokens);
  const system = settings.system === undefined ? task.instructions : `${settings.system}\n\n${task.instructions}`;
  return {
    system,
    turns: [{ role: 'user', messageId: 'data_row', parts }],
    params: { ...settings.params, structuredOutput: { name: 'predictions', schema: task.schema } },
  };
}

function imageOf(task: TaskSchema, parts: readonly ResolvedPart[]): ImageDimensions | undefined {
  if (!usesImageTools(task)) return undefined;
  const bytes = assetImageBytes(parts);
  if (bytes === undefined) {
    throw new GatewayError('unsupported_content', 'image tools (rectangle, point, polygon, raster-segmentation) need an image asset', {
      details: [{ path: 'data_row.row_data', message: 'expected an image URL' }],
    });
  }
  return readImageDimensions(bytes);
}

async function askModel(model: ConfiguredModel, context: GatewayContext, conversation: Conversation, options: PredictOptions): Promise<string> {
  const { telemetry } = options;
  telemetry.upstreamStartedAt ??= performance.now();
  const answer = await callUpstream(
    context,
    model,
    (candidate) => context.adapters[candidate.target.provider].prepare(conversation, candidate.target),
    { stream: false, signal: options.signal },
  );
  if (answer.reply.kind !== 'json') throw new GatewayError('internal_error', 'a non-streamed call returned a stream');
  noteModel(telemetry, answer.model);
  telemetry.attempts += answer.attempts;
  const before = telemetry.usage;
  const summary = replyReaders[answer.model.target.provider](answer.reply.body, answer.reply.json);
  telemetry.firstToken();
  telemetry.upstreamEndedAt = performance.now();
  // A repair round-trip spends tokens too: add them up rather than keep only the last call's.
  telemetry.usage = addUsage(before, summary.usage);
  return summary.text;
}

function repairTurns(replyText: string, errors: readonly ErrorDetail[]): Turn<ResolvedPart>[] {
  return [
    { role: 'assistant', messageId: 'repair.reply', parts: [{ type: 'text', text: replyText }] },
    { role: 'user', messageId: 'repair.request', parts: [{ type: 'text', text: repairInstruction(errors) }] },
  ];
}

export async function runPredict(context: GatewayContext, envelope: Envelope, options: PredictOptions): Promise<PredictOutcome> {
  const params = parsePredictParams(context.inferenceParams.validate(envelope.inferenceParams));
  const model = selectModel(context, params.model);
  noteModel(options.telemetry, model);
  const task = buildTaskSchema(ontologyFor(context, envelope), {
    handlers: predictFeatureHandlers(model.target.provider),
    ...(params.prompt === undefined ? {} : { prompt: params.prompt }),
  });
  const asset = readPredictAsset(envelope.rowData);
  const extra = params.use_attachments === true ? parseDataRowAttachments(envelope.attachments) : [];
  const warnings: string[] = [...task.warnings];
  const adapter = context.adapters[model.target.provider];
  const conversation = await resolveForModel(context, model, buildConversation(task, params, model, [...asset.parts, ...extra], context), {
    ...options,
    warnings,
    // Image tools answer in pixels, so predict always holds the asset's bytes.
    ...(usesImageTools(task) ? { mode: 'inline' as const } : {}),
  });
  const parts = conversation.turns[0]?.parts ?? [];
  const sourceText = sourceTextAfterResolving(asset, parts);
  const extras = { image: imageOf(task, parts), confidence: params.confidence };

  if (params.dry_run === true) {
    const prepared = adapter.prepare(conversation, model.target);
    return {
      kind: 'dry-run',
      model,
      answer: { provider: model.target.provider, model: model.target.model, request: prepared.body, warnings: [...warnings, ...prepared.warnings] },
    };
  }
  if (model.target.provider === 'echo') {
    const result = toKeyedAnswer(task, echoModelOutput(task, sourceText), sourceText, options.log, extras);
    if (!result.ok) throw new GatewayError('internal_error', 'the echo predictor broke its own schema');
    return { kind: 'answer', model, answer: result.answer, warnings };
  }

  const firstText = await askModel(model, context, conversation, options);
  const first = readModelReply(task, firstText, sourceText, options.log, extras);
  if (first.ok) return { kind: 'answer', model, answer: first.answer, warnings };
  const repaired = { ...conversation, turns: [...conversation.turns, ...repairTurns(firstText, first.errors)] };
  const secondText = await askModel(model, context, repaired, options);
  const second = readModelReply(task, secondText, sourceText, options.log, extras);
  if (second.ok) return { kind: 'answer', model, answer: second.answer, warnings: [...warnings, 'the first answer failed the schema and was repaired'] };
  throw new GatewayError('upstream_error', `model ${JSON.stringify(model.alias)} did not answer in the ontology's schema, even after a repair request`, {
    details: [...second.errors, { path: 'model_output', message: secondText }],
  });
}
