/** Small telemetry helpers shared by the direct and predict pipelines. */

import type { Conversation } from '../conversation/conversation.js';
import type { ConfiguredModel } from '../gateway-context.js';
import type { RequestTelemetry } from '../http/request-telemetry.js';
import type { TokenUsage } from '../providers/shared/reply-summary.js';

export function noteModel(telemetry: RequestTelemetry, model: ConfiguredModel): void {
  telemetry.model = model.alias;
  telemetry.provider = model.target.provider;
  telemetry.upstreamModel = model.target.model;
}

export function countMedia(conversation: Conversation): number {
  return conversation.turns.reduce((count, turn) => count + turn.parts.filter((part) => part.type === 'media').length, 0);
}

export function addUsage(total: TokenUsage, more: TokenUsage): TokenUsage {
  const add = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : a + b);
  return { inputTokens: add(total.inputTokens, more.inputTokens), outputTokens: add(total.outputTokens, more.outputTokens) };
}
