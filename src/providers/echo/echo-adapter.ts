/** The offline provider: answers with what it received, so `npm start` works with no API key. */

import { mediaKinds, type MediaKind } from '../../conversation/conversation.js';
import type { ModalitySupport, ProviderAdapter, ProviderCapabilities } from '../provider.js';
import { convertToEchoRequest } from './convert-to-echo-request.js';
import { echoCompletion, echoCompletionChunks } from './echo-reply.js';

const anything: ModalitySupport = { mimeTypes: [], inline: true, url: true };
const capabilities: ProviderCapabilities = Object.fromEntries(
  mediaKinds.map((kind): [MediaKind, ModalitySupport] => [kind, anything]),
);

export function createEchoAdapter(): ProviderAdapter {
  return {
    id: 'echo',
    capabilities: () => capabilities,
    prepare(conversation, target) {
      const { body, warnings } = convertToEchoRequest(conversation, target);
      return {
        body,
        warnings,
        async send(call) {
          call.signal.throwIfAborted();
          return call.stream
            ? { kind: 'stream', batches: echoCompletionChunks(body) }
            : { kind: 'json', body: echoCompletion(body) };
        },
      };
    },
  };
}
