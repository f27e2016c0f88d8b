/**
 * The REST wire shape of a `generateContent` request, as the gateway sends it (and as `dry_run`
 * shows it). This is the proto's JSON form, not the SDK's flattened `{model, contents, config}`.
 *
 * @see https://ai.google.dev/api/generate-content#request-body
 * @see https://github.com/googleapis/googleapis/blob/master/google/ai/generativelanguage/v1beta/content.proto
 */

export type GeminiRole = 'user' | 'model';

export type GeminiTextPart = { readonly text: string };

/** Bytes carried in the request, base64-encoded. */
export type GeminiInlineDataPart = {
  readonly inlineData: { readonly mimeType: string; readonly data: string };
};

/** A file Gemini fetches itself; `mimeType` may be left out for YouTube links. */
export type GeminiFileDataPart = {
  readonly fileData: { readonly mimeType?: string; readonly fileUri: string };
};

export type GeminiPart = GeminiTextPart | GeminiInlineDataPart | GeminiFileDataPart;

export type GeminiContent = {
  readonly role: GeminiRole;
  readonly parts: readonly GeminiPart[];
};

/** `systemInstruction` is a Content without a role; the proto says it is text only. */
export type GeminiSystemInstruction = { readonly parts: readonly GeminiTextPart[] };

export type GeminiGenerationConfig = {
  readonly temperature?: number;
  readonly topP?: number;
  readonly maxOutputTokens?: number;
  readonly stopSequences?: readonly string[];
  readonly seed?: number;
  readonly responseMimeType?: 'application/json';
  readonly responseJsonSchema?: Readonly<Record<string, unknown>>;
};

export type GeminiRequestBody = {
  readonly contents: readonly GeminiContent[];
  readonly systemInstruction?: GeminiSystemInstruction;
  readonly generationConfig?: GeminiGenerationConfig;
};
