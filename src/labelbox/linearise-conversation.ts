/**
 * The editor's message tree -> the one path the target model should answer (SPEC §6). Where a
 * message has several children (one reply per model), the path follows the target model's
 * reply: the model actor named by `model_config_name` / `model_config_id`, else the only model
 * actor, else the first listed child. The path must end on a human message: the prompt.
 */

import type { ParsedPart, Turn } from '../conversation/conversation.js';
import { GatewayError } from '../errors.js';
import type { ChatConversation, ChatMessage } from './chat-conversation.js';
import { parseContentItem } from './content-items.js';

export interface TargetModelSelector {
  readonly modelConfigName?: string | undefined;
  readonly modelConfigId?: string | undefined;
}

function invalid(message: string, path: string): GatewayError {
  return new GatewayError('invalid_conversation', message, { details: [{ path, message }] });
}

/** The actor ids whose replies the path should follow. */
function targetActorIds(conversation: ChatConversation, selector: TargetModelSelector): ReadonlySet<string> {
  const modelActors = [...conversation.actors].filter(([, actor]) => actor.role === 'model');
  const wanted = modelActors.filter(
    ([, actor]) =>
      (selector.modelConfigName !== undefined && actor.metadata?.modelConfigName === selector.modelConfigName) ||
      (selector.modelConfigId !== undefined && actor.metadata?.modelConfigId === selector.modelConfigId),
  );
  if (wanted.length > 0) return new Set(wanted.map(([id]) => id));
  if (modelActors.length === 1) return new Set(modelActors.map(([id]) => id));
  return new Set();
}

function pickNext(
  candidates: readonly string[],
  conversation: ChatConversation,
  targets: ReadonlySet<string>,
): string | undefined {
  if (candidates.length <= 1) return candidates[0];
  return candidates.find((id) => targets.has(conversation.messages.get(id)?.actorId ?? '')) ?? candidates[0];
}

function requireMessage(conversation: ChatConversation, id: string, path: string): ChatMessage {
  const message = conversation.messages.get(id);
  if (message === undefined) throw invalid(`${path} names message ${JSON.stringify(id)}, which does not exist`, path);
  return message;
}

export interface LineariseOptions {
  /**
   * run_direct needs a prompt to answer, so its path must end on a human message; predict
   * labels a finished conversation, which normally ends on the model's reply.
   */
  readonly mustEndOnHuman: boolean;
}

export function lineariseConversation(
  conversation: ChatConversation,
  selector: TargetModelSelector,
  options: LineariseOptions = { mustEndOnHuman: true },
): Turn<ParsedPart>[] {
  const targets = targetActorIds(conversation, selector);
  const turns: Turn<ParsedPart>[] = [];
  const visited = new Set<string>();
  let path = 'rootMessageIds';
  let nextId = pickNext(conversation.rootMessageIds, conversation, targets);
  let lastRole: 'human' | 'model' | undefined;

  while (nextId !== undefined) {
    if (visited.has(nextId)) throw invalid(`message ${JSON.stringify(nextId)} is its own ancestor (a cycle)`, path);
    visited.add(nextId);
    const message = requireMessage(conversation, nextId, path);
    const actor = conversation.actors.get(message.actorId);
    if (actor === undefined) {
      throw invalid(
        `message ${JSON.stringify(nextId)} has actor ${JSON.stringify(message.actorId)}, which is not in actors`,
        `messages.${nextId}.actorId`,
      );
    }
    const messageId = nextId;
    const parts = message.content.map((item, index) => parseContentItem(item, { messageId, index }));
    turns.push({ role: actor.role === 'human' ? 'user' : 'assistant', parts, messageId });
    lastRole = actor.role;
    path = `messages.${nextId}.childMessageIds`;
    nextId = pickNext(message.childMessageIds, conversation, targets);
  }

  if (lastRole === undefined) throw invalid('the conversation has no messages to answer', 'rootMessageIds');
  if (options.mustEndOnHuman && lastRole !== 'human') {
    throw invalid('the conversation ends on a model reply: there is no human message to answer', path);
  }
  return turns;
}
