/**
 * The one task-schema property all named-entity tools share. The model lists mentions by their
 * text (and, when there are several entity tools, the tool's name as label); the gateway finds
 * the offsets itself (named-entities.ts).
 */

import type { Feature } from '../labelbox/ontology.js';
import { locateEntityMentions, type EntityMention, type EntitySpan } from './named-entities.js';
import type { JsonSchema } from './task-types.js';

function needsLabel(tools: readonly Feature[]): boolean {
  return tools.length > 1;
}

export function entitySchema(tools: readonly Feature[]): JsonSchema {
  const labelled = needsLabel(tools);
  return {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        text: { type: 'string', description: 'the mention exactly as written in the input' },
        ...(labelled ? { label: { type: 'string', enum: tools.map((tool) => tool.name) } } : {}),
      },
      required: labelled ? ['text', 'label'] : ['text'],
    },
  };
}

export function describeEntities(tools: readonly Feature[]): string {
  const copyRule =
    'copy each mention\'s "text" exactly as it appears in the input (same spelling, case and spacing); ' +
    'list a repeated mention once';
  const [onlyTool] = tools;
  if (onlyTool !== undefined && !needsLabel(tools)) {
    const instructions = onlyTool.instructions === onlyTool.name ? '' : ` (${onlyTool.instructions})`;
    return `named entities "${onlyTool.name}"${instructions}: list every mention as {"text"}; ${copyRule}.`;
  }
  const labels = tools
    .map((tool) => (tool.instructions === tool.name ? `"${tool.name}"` : `"${tool.name}" (${tool.instructions})`))
    .join(', ');
  return `named entities: list every mention as {"text", "label"} with label one of ${labels}; ${copyRule}.`;
}

function readMentions(value: unknown, tools: readonly Feature[]): EntityMention[] {
  const [firstTool] = tools;
  if (!Array.isArray(value) || firstTool === undefined) return [];
  return value.flatMap((item: unknown): EntityMention[] => {
    if (typeof item !== 'object' || item === null) return [];
    const text: unknown = (item as Record<string, unknown>)['text'];
    const label: unknown = (item as Record<string, unknown>)['label'];
    if (typeof text !== 'string') return [];
    return [{ text, label: typeof label === 'string' ? label : firstTool.name }];
  });
}

export interface EntityAnswers {
  /** Each entity tool's name and its spans (an empty list when none were found). */
  readonly spansByTool: readonly (readonly [string, readonly EntitySpan[]])[];
  readonly mentions: number;
  readonly notFound: number;
}

export function entityAnswers(
  value: unknown,
  tools: readonly Feature[],
  sourceText: string | undefined,
): EntityAnswers {
  const mentions = readMentions(value, tools);
  // Without text there is nothing to find offsets in: every mention is dropped and counted.
  const located =
    sourceText === undefined
      ? { spansByLabel: new Map<string, EntitySpan[]>(), notFound: mentions.length }
      : locateEntityMentions(sourceText, mentions);
  return {
    spansByTool: tools.map((tool) => [tool.name, located.spansByLabel.get(tool.name) ?? []] as const),
    mentions: mentions.length,
    notFound: located.notFound,
  };
}

/** A capitalised word not glued to a preceding letter: "Tom", "IBM", "Émile". */
const capitalisedWord = /(?<![\p{L}\p{M}\p{N}])\p{Lu}[\p{L}\p{M}\p{N}]*/gu;

/** The echo provider's mentions: each distinct capitalised word, labelled with the first tool. */
export function echoEntities(tools: readonly Feature[], sourceText: string | undefined): unknown[] {
  const [firstTool] = tools;
  if (firstTool === undefined || sourceText === undefined) return [];
  const words = [...new Set(sourceText.match(capitalisedWord) ?? [])];
  return words.map((text) => (needsLabel(tools) ? { text, label: firstTool.name } : { text }));
}
