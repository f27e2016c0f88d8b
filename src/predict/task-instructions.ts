/**
 * The task text sent with the schema. Schemas carry enums but not intent, so each feature is
 * spelled out with its JSON key, real name, instructions, options and when it applies.
 */

import type { Feature } from '../labelbox/ontology.js';
import { describeEntities } from './entity-slot.js';
import type { TaskSlot } from './task-types.js';

const preamble =
  'Label the input below for the ontology that follows. Answer with one JSON object that matches ' +
  'the given JSON Schema: exactly the keys listed here, no other text.';

function whenItApplies(feature: Feature, nullable: boolean): string {
  const empty = nullable ? 'null' : 'an empty list';
  if (feature.parent !== undefined) {
    return `only when "${feature.parent.featureName}" includes "${feature.parent.optionValue}", otherwise ${empty}`;
  }
  return feature.required ? 'required' : `optional, ${empty} when it does not apply`;
}

/** "Why is it negative" -> "Why is it negative." so the option list reads as a new sentence. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?:;…。？！]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}

function slotLine(slot: TaskSlot): string {
  switch (slot.type) {
    case 'feature': {
      const { feature } = slot;
      const instructions = feature.instructions === feature.name ? '' : ` ${asSentence(feature.instructions)}`;
      return (
        `- \`${slot.key}\` — "${feature.name}" (${feature.kind}, ${whenItApplies(feature, slot.nullable)}):` +
        `${instructions} ${slot.handler.describe(feature)}`
      );
    }
    case 'entities':
      return `- \`${slot.key}\` — ${describeEntities(slot.tools)}`;
    default: {
      const unexpected: never = slot;
      throw new Error(`unknown task slot ${JSON.stringify(unexpected)}`);
    }
  }
}

export function writeInstructions(slots: readonly TaskSlot[], prompt: string | undefined): string {
  const task = prompt === undefined || prompt.trim() === '' ? [] : [prompt.trim(), ''];
  return [...task, preamble, '', 'Keys:', ...slots.map(slotLine)].join('\n');
}
