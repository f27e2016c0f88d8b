/**
 * Which OpenAI models are reasoning models. They reject non-default sampling settings
 * (`temperature`, `top_p`) and, on Chat Completions, `stop`, so the converters leave those out
 * with a warning instead of letting the call fail.
 *
 * Rule: the o-series (`o1`, `o3-mini`, `o4-mini`, ...) and the GPT-5 family, except its `-chat`
 * variants (`gpt-5-chat-latest`), which are ordinary chat models. A fine-tuned model keeps its
 * base model's behaviour, so a leading `ft:` is ignored.
 * @see https://platform.openai.com/docs/guides/reasoning
 */

import type { ModelTarget } from '../provider.js';

const reasoningFamily = /^(?:ft:)?(?:o\d|gpt-5)/;
const chatVariant = /-chat(?:-|$)/;

export function isReasoningModel(model: string): boolean {
  return reasoningFamily.test(model) && !chatVariant.test(model);
}

/** The warning for a setting left out because the model would reject it. */
export function reasoningModelWarning(parameter: string, target: ModelTarget): string {
  return `${parameter} was not sent: ${JSON.stringify(target.model)} is a reasoning model and rejects it`;
}
