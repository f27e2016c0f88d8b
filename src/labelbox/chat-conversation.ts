/**
 * The multimodal chat evaluation editor's conversation (labelbox.md §2.3): actors, a tree of
 * messages keyed by id, and root ids. The `actors` and `messages` maps are keyed by ids the
 * caller chose, so they are read into `Map`s entry by entry: a `__proto__` or `constructor` id
 * is just another id, never a prototype.
 */

import { z } from 'zod';
import { GatewayError } from '../errors.js';
import { issuesToDetails } from './validation.js';

export const chatEvaluationType = 'application/vnd.labelbox.conversational.model-chat-evaluation';

const actorSchema = z.object({
  role: z.enum(['human', 'model']),
  metadata: z
    .object({
      name: z.string().optional(),
      modelConfigName: z.string().optional(),
      modelConfigId: z.string().optional(),
    })
    .partial()
    .optional(),
});

const messageSchema = z.object({
  actorId: z.string(),
  content: z.array(z.unknown()),
  childMessageIds: z.array(z.string()).default([]),
});

/** A JSON object kept as the caller sent it (zod's record would rebuild it, losing `__proto__`). */
const idMap = z.custom<Readonly<Record<string, unknown>>>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  { message: 'expected an object keyed by id' },
);

export const conversationSchema = z.object({
  type: z.literal(chatEvaluationType).optional(),
  version: z.number().optional(),
  actors: idMap,
  messages: idMap,
  rootMessageIds: z.array(z.string()),
});

export type Actor = z.infer<typeof actorSchema>;
export type ChatMessage = z.infer<typeof messageSchema>;

export interface ChatConversation {
  readonly actors: ReadonlyMap<string, Actor>;
  readonly messages: ReadonlyMap<string, ChatMessage>;
  readonly rootMessageIds: readonly string[];
}

/** True when `value` looks like an editor conversation (used by `POST /` dispatch). */
export function looksLikeChatConversation(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record.type === chatEvaluationType || ('messages' in record && 'rootMessageIds' in record);
}

function readEntries<Item extends z.ZodType>(
  source: Readonly<Record<string, unknown>>,
  schema: Item,
  path: string,
): Map<string, z.infer<Item>> {
  const entries = new Map<string, z.infer<Item>>();
  const problems = [];
  for (const key of Object.keys(source)) {
    const result = schema.safeParse(Object.getOwnPropertyDescriptor(source, key)?.value);
    if (result.success) entries.set(key, result.data);
    else problems.push(...issuesToDetails(result.error.issues, `${path}.${key}`));
  }
  if (problems.length > 0) {
    throw new GatewayError('invalid_conversation', `${problems[0]?.path ?? path}: ${problems[0]?.message ?? 'invalid'}`, {
      details: problems,
    });
  }
  return entries;
}

export function parseChatConversation(value: unknown, path = 'data_row.row_data'): ChatConversation {
  const result = conversationSchema.safeParse(value);
  if (!result.success) {
    const details = issuesToDetails(result.error.issues, path);
    throw new GatewayError('invalid_conversation', `${details[0]?.path ?? path}: ${details[0]?.message ?? 'invalid'}`, {
      details,
    });
  }
  return {
    actors: readEntries(result.data.actors, actorSchema, `${path}.actors`),
    messages: readEntries(result.data.messages, messageSchema, `${path}.messages`),
    rootMessageIds: result.data.rootMessageIds,
  };
}
