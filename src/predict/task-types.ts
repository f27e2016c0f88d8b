/**
 * The shapes shared by the predict core: the task schema a model is asked to fill, and the
 * per-kind handlers that give a feature its JSON Schema and turn the model's value into the
 * SPEC §7 answer. Image tools (issue 5) plug in by adding handlers; nothing else changes.
 */

import type { Feature, FeatureKind } from '../labelbox/ontology.js';
import type { EntitySpan } from './named-entities.js';

/** A JSON Schema we generate (plain JSON data, no functions). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** The subset of a pino logger the core needs; a pino or Fastify logger fits. */
export interface WarningLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** The value one feature gets in the keyed answer (SPEC §7). */
export type FeatureAnswer =
  | string
  | readonly string[]
  | readonly EntitySpan[]
  /** Image shapes: `{boxes, scores}`, `{points, scores}`, `{polygons, scores}`, `{masks, scores}`. */
  | Readonly<Record<string, unknown>>;

export interface AnswerContext {
  /** The asset's text, where it has one; named-entity offsets are computed in it. */
  readonly sourceText: string | undefined;
  readonly log: WarningLog;
  /** Pixel size of an image asset, for image tools. */
  readonly image: { readonly width: number; readonly height: number } | undefined;
  /** `inference_params.confidence`: image tools drop shapes scored below it. */
  readonly confidence: number | undefined;
}

export interface FeatureKindHandler {
  /** JSON Schema of a present answer; the builder makes it nullable where the answer is optional. */
  schema(feature: Feature): JsonSchema;
  /**
   * Scalars (a string, an option) say "no answer" with null; lists say it with `[]`, so they
   * never need null and keep the schema simpler for strict vendors.
   */
  readonly nullableWhenOptional: boolean;
  /** One sentence telling the model what to put in this feature's property. */
  describe(feature: Feature): string;
  /** The model's validated value -> the answer; `undefined` leaves the feature out. */
  toAnswer(value: unknown, feature: Feature, context: AnswerContext): FeatureAnswer | undefined;
  /** The offline `echo` provider's deterministic value; must satisfy `schema(feature)`. */
  echo(feature: Feature, sourceText: string | undefined): unknown;
}

export type FeatureKindHandlers = Readonly<Partial<Record<FeatureKind, FeatureKindHandler>>>;

/** One property of the task schema and what it answers. */
export type TaskSlot =
  | {
      readonly type: 'feature';
      readonly key: string;
      readonly feature: Feature;
      readonly handler: FeatureKindHandler;
      /** Whether the schema accepts null for this key. */
      readonly nullable: boolean;
    }
  | {
      /** All named-entity tools share one property; each mention carries its tool's name as label. */
      readonly type: 'entities';
      readonly key: string;
      readonly tools: readonly Feature[];
    };

export interface TaskSchema {
  /** Strict-mode JSON Schema of the model's output (an object with one property per slot). */
  readonly schema: JsonSchema;
  /** The task text for the system prompt: each feature, its instructions and options. */
  readonly instructions: string;
  /** Properties in ontology order; the map from safe property keys back to features. */
  readonly slots: readonly TaskSlot[];
  /** Things in the ontology that will not be predicted (e.g. classifications nested under tools). */
  readonly warnings: readonly string[];
}
