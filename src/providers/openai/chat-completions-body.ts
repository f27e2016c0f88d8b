/**
 * The Chat Completions request body as the gateway sends it: only the fields it fills, modelled
 * on the wire (snake_case) rather than on the SDK's types, because openai-compatible servers
 * take part types (`audio_url`, `video_url`) the SDK does not know. Tests check every body
 * against OpenAI's OpenAPI schema `CreateChatCompletionRequest`.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */

export type ChatTextPart = { readonly type: 'text'; readonly text: string };

/** `url` is an https URL or a `data:` URL. */
export type ChatImagePart = { readonly type: 'image_url'; readonly image_url: { readonly url: string } };

export type ChatAudioFormat = 'wav' | 'mp3';

/** Raw base64 (not a data URL) plus the container format. */
export type ChatInputAudioPart = {
  readonly type: 'input_audio';
  readonly input_audio: { readonly data: string; readonly format: ChatAudioFormat };
};

/** `file_data` is a `data:` URL, as OpenAI's own PDF examples send it. */
export type ChatFilePart = {
  readonly type: 'file';
  readonly file: { readonly filename: string; readonly file_data: string };
};

/** vLLM's extensions, sent only to openai-compatible servers whose config lists them. */
export type ChatAudioUrlPart = { readonly type: 'audio_url'; readonly audio_url: { readonly url: string } };
export type ChatVideoUrlPart = { readonly type: 'video_url'; readonly video_url: { readonly url: string } };

export type ChatUserContentPart =
  | ChatTextPart
  | ChatImagePart
  | ChatInputAudioPart
  | ChatFilePart
  | ChatAudioUrlPart
  | ChatVideoUrlPart;

export type ChatMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: readonly ChatUserContentPart[] }
  | { readonly role: 'assistant'; readonly content: string };

export type ChatResponseFormat =
  | {
      readonly type: 'json_schema';
      readonly json_schema: {
        readonly name: string;
        readonly schema: Readonly<Record<string, unknown>>;
        readonly strict: true;
      };
    }
  /** JSON mode: servers without schema support still answer with one JSON object. */
  | { readonly type: 'json_object' };

export type ChatCompletionsBody = {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** OpenAI's current name; reasoning models reject `max_tokens`. */
  readonly max_completion_tokens?: number;
  /** What vLLM, Ollama and TGI read. */
  readonly max_tokens?: number;
  readonly temperature?: number;
  readonly top_p?: number;
  readonly stop?: readonly string[];
  readonly seed?: number;
  readonly response_format?: ChatResponseFormat;
  readonly stream?: true;
  readonly stream_options?: { readonly include_usage: true };
};
