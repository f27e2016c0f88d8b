/**
 * Ontology -> the one JSON Schema a model fills in, plus the task text that explains it.
 *
 * Strict-mode rules (OpenAI `strict: true`, which the other vendors also accept): every object
 * has `additionalProperties: false` and lists all its properties in `required`. An optional
 * feature is therefore still required but nullable (`anyOf [..., {type: null}]`) when its answer
 * is a scalar; list answers (checklist, entities) say "none" with `[]`. Classifications nested
 * under an option are further top-level properties, always nullable, answered only when that
 * option is chosen — flat keeps the schema within the vendors' nesting limits.
 *
 * @see https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
 */

import type { Feature, Ontology } from '../labelbox/ontology.js';
import { GatewayError } from '../errors.js';
import { classificationHandlers } from './classification-handlers.js';
import { entitySchema } from './entity-slot.js';
import { createPropertyKeyAllocator } from './property-keys.js';
import { writeInstructions } from './task-instructions.js';
import type { FeatureKindHandlers, JsonSchema, TaskSchema, TaskSlot } from './task-types.js';

export interface BuildTaskSchemaOptions {
  /**
   * Handlers by feature kind. Defaults to the classification kinds; image tools are added by
   * spreading their handlers in: `{ ...classificationHandlers, ...imageHandlers }`.
   */
  readonly handlers?: FeatureKindHandlers;
  /** `inference_params.prompt`: the user's own task instruction, put first in the instructions. */
  readonly prompt?: string | undefined;
}

function nullable(schema: JsonSchema): JsonSchema {
  return { anyOf: [schema, { type: 'null' }] };
}

function describeProperty(feature: Feature): string {
  return feature.instructions === feature.name ? feature.name : `${feature.name}: ${feature.instructions}`;
}

function slotSchema(slot: TaskSlot): JsonSchema {
  switch (slot.type) {
    case 'feature': {
      const schema = slot.handler.schema(slot.feature);
      return { description: describeProperty(slot.feature), ...(slot.nullable ? nullable(schema) : schema) };
    }
    case 'entities':
      return { description: 'named entities', ...entitySchema(slot.tools) };
    default: {
      const unexpected: never = slot;
      throw new Error(`unknown task slot ${JSON.stringify(unexpected)}`);
    }
  }
}

function unsupportedKind(feature: Feature): GatewayError {
  return new GatewayError(
    'unsupported_modality',
    `feature "${feature.name}" is a ${feature.kind}; this gateway cannot predict ${feature.kind} features here`,
    { details: [{ path: feature.path, message: `${feature.kind} is not supported` }] },
  );
}

function planSlots(ontology: Ontology, handlers: FeatureKindHandlers): TaskSlot[] {
  const keys = createPropertyKeyAllocator();
  const entityTools = ontology.features.filter((feature) => feature.kind === 'named-entity');
  const slots: TaskSlot[] = [];
  for (const feature of ontology.features) {
    if (feature.kind === 'named-entity') {
      // One shared slot, placed where the first entity tool is.
      if (feature === entityTools[0]) {
        const key = keys.allocate(entityTools.length === 1 ? feature.name : 'entities');
        slots.push({ type: 'entities', key, tools: entityTools });
      }
      continue;
    }
    const handler = handlers[feature.kind];
    if (handler === undefined) throw unsupportedKind(feature);
    const answerMayBeAbsent = !feature.required || feature.parent !== undefined;
    slots.push({
      type: 'feature',
      key: keys.allocate(feature.name),
      feature,
      handler,
      nullable: answerMayBeAbsent && handler.nullableWhenOptional,
    });
  }
  return slots;
}

function collectWarnings(ontology: Ontology): string[] {
  return ontology.features
    .filter((feature) => feature.classifications.length > 0)
    .map(
      (feature) =>
        `classifications nested under the ${feature.kind} tool "${feature.name}" are not predicted`,
    );
}

/**
 * Builds the task schema for an ontology (pure). Throws 422 `unsupported_modality` for a feature
 * kind no handler answers (image tools until their handlers are added).
 *
 * @example
 * const task = buildTaskSchema(parseOntology(envelope.ontology), { prompt: params.prompt });
 * // task.schema -> the vendor's structured-output slot; task.instructions -> system prompt
 */
export function buildTaskSchema(ontology: Ontology, options: BuildTaskSchemaOptions = {}): TaskSchema {
  const slots = planSlots(ontology, options.handlers ?? classificationHandlers);
  const schema: JsonSchema = {
    type: 'object',
    additionalProperties: false,
    // fromEntries defines own properties, so no key can touch Object.prototype.
    properties: Object.fromEntries(slots.map((slot) => [slot.key, slotSchema(slot)])),
    required: slots.map((slot) => slot.key),
  };
  return { schema, instructions: writeInstructions(slots, options.prompt), slots, warnings: collectWarnings(ontology) };
}
