/**
 * Sends the parts the converter marked for upload through the Gemini Files API, waits until
 * Gemini has processed each file (`state: ACTIVE`; videos take a while), and swaps the
 * converter's `gateway-upload://` placeholders for the files' real URIs.
 *
 * @see https://ai.google.dev/gemini-api/docs/files (upload, then poll `files.get` until ACTIVE)
 * @see https://ai.google.dev/api/files#method:-media.upload (the resumable protocol the SDK speaks)
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { File as GeminiFile, GoogleGenAI } from '@google/genai';
import { describeLocation } from '../../conversation/conversation.js';
import { GatewayError } from '../../errors.js';
import { isAbortError, toUpstreamError, type UpstreamErrorDetail } from '../shared/upstream-error.js';
import { abortReason } from '../../reliability/abort.js';
import type { PendingUpload } from './convert-to-gemini-request.js';
import type { GeminiPart, GeminiRequestBody } from './gemini-request-types.js';

export interface FileUploadSettings {
  /** Pause between `files.get` calls while a file is PROCESSING. */
  readonly pollIntervalMs: number;
  /** `files.get` calls before giving up on a file that never becomes ACTIVE. */
  readonly maxPolls: number;
}

export const defaultFileUploadSettings: FileUploadSettings = { pollIntervalMs: 1000, maxPolls: 300 };

/** The only part of the SDK client the uploader needs. */
export type GeminiFilesClient = Pick<GoogleGenAI, 'files'>;

/** Uploads every pending part (in parallel) and returns placeholder URI -> uploaded file URI. */
export async function uploadPendingParts(
  client: GeminiFilesClient,
  uploads: readonly PendingUpload[],
  signal: AbortSignal,
  settings: FileUploadSettings = defaultFileUploadSettings,
): Promise<ReadonlyMap<string, string>> {
  const entries = await Promise.all(
    uploads.map(async (upload) => [upload.placeholderUri, await uploadOne(client, upload, signal, settings)] as const),
  );
  return new Map(entries);
}

/** A copy of the body with each placeholder `fileUri` replaced by its uploaded file's URI. */
export function withUploadedUris(body: GeminiRequestBody, uris: ReadonlyMap<string, string>): GeminiRequestBody {
  if (uris.size === 0) return body;
  const replace = (part: GeminiPart): GeminiPart => {
    if (!('fileData' in part)) return part;
    const uploaded = uris.get(part.fileData.fileUri);
    return uploaded === undefined ? part : { fileData: { ...part.fileData, fileUri: uploaded } };
  };
  return {
    ...body,
    contents: body.contents.map((content) => ({ role: content.role, parts: content.parts.map(replace) })),
  };
}

async function uploadOne(
  client: GeminiFilesClient,
  upload: PendingUpload,
  signal: AbortSignal,
  settings: FileUploadSettings,
): Promise<string> {
  try {
    const uploaded = await untilAborted(
      client.files.upload({
        file: new Blob([upload.data.bytes], { type: upload.mimeType }),
        config: { mimeType: upload.mimeType, displayName: upload.displayName, abortSignal: signal },
      }),
      signal,
    );
    const active = await waitUntilActive(client, uploaded, upload, signal, settings);
    if (active.uri === undefined) throw uploadFailure(upload, 'Gemini returned no file URI', active);
    return active.uri;
  } catch (error) {
    if (signal.aborted || isAbortError(error) || error instanceof GatewayError) throw error;
    if (hasHttpStatus(error)) throw toUpstreamError(error, 'gemini');
    throw uploadFailure(upload, error instanceof Error ? error.message : String(error), null);
  }
}

async function waitUntilActive(
  client: GeminiFilesClient,
  file: GeminiFile,
  upload: PendingUpload,
  signal: AbortSignal,
  settings: FileUploadSettings,
): Promise<GeminiFile> {
  let current = file;
  for (let polls = 0; stateOf(current) !== 'ACTIVE'; polls++) {
    if (stateOf(current) === 'FAILED') {
      throw uploadFailure(upload, 'Gemini could not process the file', current.error ?? current);
    }
    if (polls >= settings.maxPolls) {
      throw new GatewayError(
        'upstream_timeout',
        `${describeLocation(upload.location)}: the uploaded file was still ${current.state ?? 'processing'} after ${polls} checks`,
        { details: [{ provider: 'gemini', status: null, body: current } satisfies UpstreamErrorDetail] },
      );
    }
    if (current.name === undefined) throw uploadFailure(upload, 'Gemini returned no file name', current);
    await sleep(settings.pollIntervalMs, undefined, { signal });
    current = await client.files.get({ name: current.name, config: { abortSignal: signal } });
  }
  return current;
}

/** The SDK's `ApiError` (a non-2xx answer) carries the HTTP status and the vendor's body. */
function hasHttpStatus(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number';
}

function uploadFailure(upload: PendingUpload, reason: string, body: unknown): GatewayError {
  return new GatewayError(
    'upstream_error',
    `${describeLocation(upload.location)}: the Gemini Files API upload failed: ${reason}`,
    { details: [{ provider: 'gemini', status: null, body: body ?? reason } satisfies UpstreamErrorDetail] },
  );
}

/**
 * The SDK's upload path does not pass `abortSignal` on to its HTTP calls, so the caller stops
 * waiting when the signal fires; the abandoned upload finishes or fails on its own.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortReason(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The file's state as the wire spells it (the SDK's enum is not loaded until a call needs it). */
function stateOf(file: GeminiFile): string | undefined {
  return file.state;
}
