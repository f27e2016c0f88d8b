/**
 * Model output -> the answer keyed by feature name (SPEC §7). The output is first validated
 * against the task schema it was asked for, so a caller can send the errors back for one repair
 * round-trip before giving up with 502:
 *
 * ```ts
 * let result = readModelReply(task, replyText, sourceText, log);
 * if (!result.ok) result = readModelReply(task, await askAgain(repairInstruction(result.errors)), sourceText, log);
 * if (!result.ok) throw new GatewayError('upstream_error', '...', { details: [...result.errors, { output }] });
 * ```
 */

import { Ajv, type ValidateFunction } from 'ajv';
import type { Feature } from '../labelbox/ontology.js';
import type { ErrorDetail } from '../errors.js';
import { ajvErrorsToDetails, describeDetails } from './ajv-errors.js';
import { entityAnswers } from './entity-slot.js';
import { parseModelJson } from './model-json.js';
import type { AnswerContext, FeatureAnswer, TaskSchema, WarningLog } from './task-types.js';

export { parseModelJson, type ParsedModelJson } from './model-json.js';

/** Feature name -> answer. Built with `Object.fromEntries`, so any name is a plain own key. */
export type KeyedAnswer = Readonly<Record<string, FeatureAnswer>>;

export type ModelOutputValidation =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly errors: readonly ErrorDetail[] };

export type KeyedAnswerResult =
  | {
      readonly ok: true;
      readonly answer: KeyedAnswer;
      /** Entity mentions whose text is not in the source (already logged as a warning). */
      readonly droppedEntities: number;
    }
  | { readonly ok: false; readonly errors: readonly ErrorDetail[] };

/** What image tools need besides the text; optional for text-only predictions. */
export type AnswerExtras = Partial<Pick<AnswerContext, 'image' | 'confidence'>>;

const outputAjv = new Ajv({ allErrors: true, strict: true });
/** Task schemas repeat per ontology; compiling is the slow part, so keep the recent ones. */
const validatorCache = new Map<string, ValidateFunction>();
const validatorCacheLimit = 100;

function validatorFor(task: TaskSchema): ValidateFunction {
  const cacheKey = JSON.stringify(task.schema);
  const cached = validatorCache.get(cacheKey);
  if (cached !== undefined) {
    // Re-insert so the Map's insertion order doubles as least-recently-used order.
    validatorCache.delete(cacheKey);
    validatorCache.set(cacheKey, cached);
    return cached;
  }
  const compiled = outputAjv.compile(task.schema);
  validatorCache.set(cacheKey, compiled);
  if (validatorCache.size > validatorCacheLimit) {
    const oldest = validatorCache.keys().next();
    if (oldest.done !== true) validatorCache.delete(oldest.value);
  }
  return compiled;
}

export function validateModelOutput(task: TaskSchema, output: unknown): ModelOutputValidation {
  const validate = validatorFor(task);
  if (validate(output) && typeof output === 'object' && output !== null && !Array.isArray(output)) {
    return { ok: true, value: output as Record<string, unknown> };
  }
  return { ok: false, errors: ajvErrorsToDetails(validate.errors, 'output') };
}

/** The text of the repair turn: what was wrong, and what to send instead. */
export function repairInstruction(errors: readonly ErrorDetail[]): string {
  return (
    `Your previous reply did not match the required JSON Schema (${describeDetails(errors)}). ` +
    'Reply again with only the corrected JSON object.'
  );
}

function ownValue(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Option values an answer chose: a radio's value, a checklist's values. */
function chosenOptions(answer: FeatureAnswer): readonly string[] {
  if (typeof answer === 'string') return [answer];
  if (Array.isArray(answer)) return answer.filter((item): item is string => typeof item === 'string');
  return [];
}

function parentChosen(feature: Feature, chosen: ReadonlyMap<string, readonly string[]>): boolean {
  if (feature.parent === undefined) return true;
  return chosen.get(feature.parent.featureName)?.includes(feature.parent.optionValue) ?? false;
}

/**
 * Validates `modelOutput` against `task.schema`, then maps it to the keyed answer. Optional
 * features the model left null are left out; nested classifications count only under a chosen
 * option; entity offsets are computed in `sourceText`.
 */
export function toKeyedAnswer(
  task: TaskSchema,
  modelOutput: unknown,
  sourceText: string | undefined,
  log: WarningLog,
  extras: AnswerExtras = {},
): KeyedAnswerResult {
  const validation = validateModelOutput(task, modelOutput);
  if (!validation.ok) return validation;
  const context: AnswerContext = { sourceText, log, image: extras.image, confidence: extras.confidence };
  const entries: [string, FeatureAnswer][] = [];
  const chosen = new Map<string, readonly string[]>();
  let droppedEntities = 0;
  let mentions = 0;
  for (const slot of task.slots) {
    const value = ownValue(validation.value, slot.key);
    switch (slot.type) {
      case 'feature': {
        // Slots are in ontology order, so a parent's choice is known before its nested features.
        if (value === null || value === undefined || !parentChosen(slot.feature, chosen)) break;
        const answer = slot.handler.toAnswer(value, slot.feature, context);
        if (answer === undefined) break;
        entries.push([slot.feature.name, answer]);
        chosen.set(slot.feature.name, chosenOptions(answer));
        break;
      }
      case 'entities': {
        const found = entityAnswers(value, slot.tools, sourceText);
        entries.push(...found.spansByTool.map(([name, spans]): [string, FeatureAnswer] => [name, spans]));
        droppedEntities += found.notFound;
        mentions += found.mentions;
        break;
      }
      default: {
        const unexpected: never = slot;
        throw new Error(`unknown task slot ${JSON.stringify(unexpected)}`);
      }
    }
  }
  if (droppedEntities > 0) {
    // Counts only: the mentions are the customer's data and stay out of the logs.
    log.warn({ droppedEntities, mentions }, 'named-entity mentions not found in the source text were dropped');
  }
  return { ok: true, answer: Object.fromEntries(entries), droppedEntities };
}

/** `parseModelJson` then `toKeyedAnswer`: the model's reply text straight to a result. */
export function readModelReply(
  task: TaskSchema,
  replyText: string,
  sourceText: string | undefined,
  log: WarningLog,
  extras: AnswerExtras = {},
): KeyedAnswerResult {
  const parsed = parseModelJson(replyText);
  if (!parsed.ok) return { ok: false, errors: [{ path: 'output', message: parsed.error }] };
  return toKeyedAnswer(task, parsed.value, sourceText, log, extras);
}
