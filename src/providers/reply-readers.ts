/** One reply reader per provider; the `Record` makes a new provider id a compile error here too. */

import { readAnthropicReply } from './anthropic/read-anthropic-reply.js';
import { readGeminiReply } from './gemini/read-gemini-reply.js';
import { readChatCompletionReply } from './openai/read-chat-completion-reply.js';
import { readResponsesReply } from './openai-responses/read-responses-reply.js';
import type { ProviderId } from './provider.js';
import type { ReplyReader } from './shared/reply-summary.js';

export const replyReaders: Readonly<Record<ProviderId, ReplyReader>> = {
  openai: readChatCompletionReply,
  'openai-compatible': readChatCompletionReply,
  echo: readChatCompletionReply,
  'openai-responses': readResponsesReply,
  anthropic: readAnthropicReply,
  gemini: readGeminiReply,
};
