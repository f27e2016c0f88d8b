/**
 * Handlers for the classification kinds: free text, one option (radio), several options
 * (checklist). The schema keeps to the subset every structured-output vendor accepts
 * (`type`, `enum`, `items`, `description`).
 *
 * @see https://platform.openai.com/docs/guides/structured-outputs#supported-schemas
 * @see https://docs.claude.com/en/docs/build-with-claude/structured-outputs
 * @see https://ai.google.dev/gemini-api/docs/structured-output
 */

import type { Feature } from '../labelbox/ontology.js';
import type { FeatureKindHandler, FeatureKindHandlers } from './task-types.js';

function optionValues(feature: Feature): string[] {
  return feature.options.map((option) => option.value);
}

function optionList(feature: Feature): string {
  return feature.options
    .map((option) => (option.label === option.value ? `"${option.value}"` : `"${option.value}" (${option.label})`))
    .join(', ');
}

export const textHandler: FeatureKindHandler = {
  schema: () => ({ type: 'string' }),
  nullableWhenOptional: true,
  describe: () => 'Answer with free text.',
  toAnswer: (value) => (typeof value === 'string' ? value : undefined),
  echo: (_feature, sourceText) => sourceText ?? 'echo',
};

export const radioHandler: FeatureKindHandler = {
  schema: (feature) => ({ type: 'string', enum: optionValues(feature) }),
  nullableWhenOptional: true,
  describe: (feature) => `Choose exactly one value: ${optionList(feature)}.`,
  toAnswer: (value) => (typeof value === 'string' ? value : undefined),
  echo: (feature) => feature.options[0]?.value ?? null,
};

/**
 * Uniqueness is asked for in words and enforced here rather than with `uniqueItems`, which
 * OpenAI's strict mode refuses; a repeated value is harmless and not worth a repair round-trip.
 */
export const checklistHandler: FeatureKindHandler = {
  schema: (feature) => ({
    type: 'array',
    items: { type: 'string', enum: optionValues(feature) },
  }),
  nullableWhenOptional: false,
  describe: (feature) => {
    const howMany = feature.required ? 'at least one' : 'an empty list if none';
    return `Choose every value that applies, each at most once (${howMany}): ${optionList(feature)}.`;
  },
  toAnswer: (value) =>
    Array.isArray(value) ? [...new Set(value.filter((item): item is string => typeof item === 'string'))] : undefined,
  echo: (feature) => feature.options.slice(0, 1).map((option) => option.value),
};

/**
 * The classification kinds the core answers. Prompt/response classifications (response-creation
 * ontologies) are the same shapes under other names.
 */
export const classificationHandlers: FeatureKindHandlers = {
  text: textHandler,
  radio: radioHandler,
  checklist: checklistHandler,
  prompt: textHandler,
  'response-text': textHandler,
  'response-radio': radioHandler,
  'response-checklist': checklistHandler,
};
