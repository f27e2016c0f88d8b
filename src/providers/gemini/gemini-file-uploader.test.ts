/**
 * The Files API path end to end: the adapter uploads parts past the inline budget through the
 * SDK (which speaks Google's resumable upload protocol to the loopback server), polls until the
 * file is ACTIVE, and sends the uploaded file's URI.
 */

import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../conversation/conversation.js';
import type { ModelTarget } from '../provider.js';
import { isAbortError } from '../shared/upstream-error.js';
import { inlinePart, readMedia, target } from '../../../test/support/conversations.js';
import {
  replyJson,
  startLoopbackServer,
  type LoopbackServer,
  type RecordedRequest,
} from '../../../test/support/loopback-server.js';
import { createGeminiAdapter } from './gemini-adapter.js';
import { rejectionOf } from '../../../test/support/thrown.js';
import { readVendorFixture } from '../../../test/support/vendor-fixtures.js';

const fixture = (name: string): string => readVendorFixture('gemini', name);

const generateContentPath = '/v1beta/models/gemini-2.5-flash:generateContent';

let server: LoopbackServer;
let gemini: ModelTarget;

beforeAll(async () => {
  server = await startLoopbackServer();
  gemini = target('gemini', 'gemini-2.5-flash', { baseUrl: server.url });
});
afterEach(() => {
  server.requests.length = 0;
});
afterAll(async () => {
  await server.close();
});

describe('gemini adapter: Files API uploads', () => {
  const video = readMedia('video.mp4');
  const uploaded = JSON.parse(fixture('files-get-active.json')) as { name: string; uri: string };
  const videoConversation: Conversation = {
    system: undefined,
    turns: [
      {
        role: 'user',
        messageId: 'p1',
        parts: [
          { type: 'text', text: 'Describe the clip.' },
          inlinePart('video', 'video/mp4', video, { messageId: 'p1', index: 1 }, 'video.mp4'),
        ],
      },
    ],
    params: {},
  };

  /** Speaks the resumable upload protocol, then answers files.get with `afterProcessing`. */
  function filesApi(afterProcessing: string, generate: (response: ServerResponse) => void): void {
    server.handle((request, response) => {
      const path = request.url;
      if (path === '/upload/v1beta/files') {
        replyJson(response, 200, '{}', { 'x-goog-upload-url': `${server.url}/upload/v1beta/files?upload_id=up-1` });
      } else if (path === '/upload/v1beta/files?upload_id=up-1') {
        replyJson(response, 200, fixture('files-upload-final.json'), { 'x-goog-upload-status': 'final' });
      } else if (path === `/v1beta/${uploaded.name}`) {
        replyJson(response, 200, afterProcessing);
      } else if (path === generateContentPath) {
        generate(response);
      } else {
        replyJson(response, 404, { error: { code: 404, message: `no route ${path}`, status: 'NOT_FOUND' } });
      }
    });
  }

  const adapter = () => createGeminiAdapter({ inlineBudgetBytes: 0, fileUpload: { pollIntervalMs: 0, maxPolls: 3 } });

  it('uploads a part over the budget, waits for ACTIVE and sends fileData with the uploaded URI', async () => {
    filesApi(fixture('files-get-active.json'), (response) => replyJson(response, 200, fixture('generate-content.json')));
    const prepared = adapter().prepare(videoConversation, gemini);

    expect(prepared.body).toEqual({
      contents: [
        {
          role: 'user',
          parts: [{ text: 'Describe the clip.' }, { fileData: { mimeType: 'video/mp4', fileUri: 'gateway-upload://p1/1' } }],
        },
      ],
    });
    await prepared.send({ stream: false, signal: new AbortController().signal });

    const [start, bytes, poll, generate] = server.requests;
    expect(start?.method).toBe('POST');
    expect(start?.url).toBe('/upload/v1beta/files');
    expect(start?.headers).toMatchObject({
      'x-goog-api-key': 'test-key',
      'x-goog-upload-protocol': 'resumable',
      'x-goog-upload-command': 'start',
      'x-goog-upload-header-content-length': String(video.byteLength),
      'x-goog-upload-header-content-type': 'video/mp4',
    });
    expect(JSON.parse(start?.body ?? 'null')).toEqual({
      file: { mimeType: 'video/mp4', displayName: 'video.mp4', sizeBytes: String(video.byteLength) },
    });
    expect(bytes?.headers).toMatchObject({
      'x-goog-upload-command': 'upload, finalize',
      'x-goog-upload-offset': '0',
      'content-length': String(video.byteLength),
    });
    expect(poll?.method).toBe('GET');
    expect(generate?.url).toBe(generateContentPath);
    expect(JSON.parse(generate?.body ?? 'null')).toEqual({
      contents: [
        {
          role: 'user',
          parts: [{ text: 'Describe the clip.' }, { fileData: { mimeType: 'video/mp4', fileUri: uploaded.uri } }],
        },
      ],
    });
  });

  it('reuses the uploaded file when the gateway retries send', async () => {
    let generateCalls = 0;
    filesApi(fixture('files-get-active.json'), (response) => {
      generateCalls += 1;
      if (generateCalls === 1) replyJson(response, 500, fixture('error-500.json'));
      else replyJson(response, 200, fixture('generate-content.json'));
    });
    const prepared = adapter().prepare(videoConversation, gemini);
    const call = { stream: false, signal: new AbortController().signal };

    await expect(prepared.send(call)).rejects.toMatchObject({ code: 'upstream_error' });
    await prepared.send(call);

    expect(server.requests.map((request) => request.url)).toEqual([
      '/upload/v1beta/files',
      '/upload/v1beta/files?upload_id=up-1',
      `/v1beta/${uploaded.name}`,
      generateContentPath,
      generateContentPath,
    ]);
  });

  it('fails with upstream_error when Gemini cannot process the file', async () => {
    filesApi(fixture('files-get-failed.json'), (response) => replyJson(response, 200, fixture('generate-content.json')));
    const prepared = adapter().prepare(videoConversation, gemini);

    const error = await rejectionOf(prepared.send({ stream: false, signal: new AbortController().signal }));

    expect(error).toMatchObject({
      code: 'upstream_error',
      message: 'message "p1", part 1: the Gemini Files API upload failed: Gemini could not process the file',
      details: [{ provider: 'gemini', status: null, body: { code: 3, message: 'Video could not be decoded.' } }],
    });
    expect(server.requests.map((request) => request.url)).not.toContain(generateContentPath);
  });

  it('gives up with upstream_timeout when the file never becomes ACTIVE', async () => {
    const processing = JSON.stringify((JSON.parse(fixture('files-upload-final.json')) as { file: unknown }).file);
    filesApi(processing, (response) => replyJson(response, 200, fixture('generate-content.json')));
    const prepared = adapter().prepare(videoConversation, gemini);

    const error = await rejectionOf(prepared.send({ stream: false, signal: new AbortController().signal }));

    expect(error).toMatchObject({ code: 'upstream_timeout' });
    expect(server.requests.filter((request) => request.method === 'GET')).toHaveLength(3);
  });

  it('stops waiting for an upload when the call is aborted', async () => {
    let arrive: (request: RecordedRequest) => void = () => undefined;
    const arrived = new Promise<RecordedRequest>((resolve) => {
      arrive = resolve;
    });
    // The upload's first call never gets an answer.
    server.handle((request) => arrive(request));
    const controller = new AbortController();
    const sending = adapter().prepare(videoConversation, gemini).send({ stream: false, signal: controller.signal });

    await arrived;
    controller.abort();

    expect(isAbortError(await rejectionOf(sending))).toBe(true);
  });
});
