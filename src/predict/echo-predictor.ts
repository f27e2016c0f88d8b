/**
 * What the offline `echo` provider answers for predict: a deterministic *model output* for the
 * task schema (first option, first checklist value, the text itself, capitalised words as
 * entities). It goes through `toKeyedAnswer` like any vendor's reply, so the README example
 * exercises the real validation and offset code without a key.
 */

import { echoEntities } from './entity-slot.js';
import type { TaskSchema, TaskSlot } from './task-types.js';

function echoValue(slot: TaskSlot, sourceText: string | undefined): unknown {
  switch (slot.type) {
    case 'feature':
      return slot.handler.echo(slot.feature, sourceText);
    case 'entities':
      return echoEntities(slot.tools, sourceText);
    default: {
      const unexpected: never = slot;
      throw new Error(`unknown task slot ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * @param sourceText the asset's text; without it, text features get a fixed string and no
 *   entities are found.
 */
export function echoModelOutput(task: TaskSchema, sourceText: string | undefined): Record<string, unknown> {
  return Object.fromEntries(task.slots.map((slot) => [slot.key, echoValue(slot, sourceText)]));
}
