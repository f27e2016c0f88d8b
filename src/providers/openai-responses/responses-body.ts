/**
 * The Responses API request body as the gateway sends it (wire names, only the fields it fills).
 * Tests check every body against OpenAI's OpenAPI schema `CreateResponse`.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */

export type ResponsesInputText = { readonly type: 'input_text'; readonly text: string };

/** `detail` is required by the schema; `auto` is the API's own default. */
export type ResponsesInputImage = {
  readonly type: 'input_image';
  readonly image_url: string;
  readonly detail: 'auto';
};

/** A PDF inline (`file_data` as a data URL, with a filename) or by URL (Responses only). */
export type ResponsesInputFile =
  | { readonly type: 'input_file'; readonly filename: string; readonly file_data: string }
  | { readonly type: 'input_file'; readonly file_url: string };

export type ResponsesInputContent = ResponsesInputText | ResponsesInputImage | ResponsesInputFile;

/**
 * `EasyInputMessage`: user turns carry input parts; assistant history is a plain string, which
 * the API reads as the model's earlier output.
 */
export type ResponsesInputMessage =
  | { readonly role: 'user'; readonly content: readonly ResponsesInputContent[] }
  | { readonly role: 'assistant'; readonly content: string };

export type ResponsesTextFormat = {
  readonly type: 'json_schema';
  readonly name: string;
  readonly schema: Readonly<Record<string, unknown>>;
  readonly strict: true;
};

export type ResponsesBody = {
  readonly model: string;
  readonly instructions?: string;
  readonly input: readonly ResponsesInputMessage[];
  /** Always false: the gateway is stateless and must not leave conversations stored upstream. */
  readonly store: false;
  readonly max_output_tokens?: number;
  readonly temperature?: number;
  readonly top_p?: number;
  readonly text?: { readonly format: ResponsesTextFormat };
  readonly stream?: true;
};
