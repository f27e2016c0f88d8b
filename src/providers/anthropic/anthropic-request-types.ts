/**
 * The subset of the Anthropic Messages request body the gateway sends. Modelled here, not
 * imported, so the converter stays free of SDK imports and the body stays a plain JSON record
 * (`NativeBody`); the adapter's call to `client.messages.create` checks at compile time that
 * every shape below is still one the SDK accepts.
 * @see https://platform.claude.com/docs/en/api/messages
 */

export type AnthropicImageMediaType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

export const anthropicImageMediaTypes: readonly AnthropicImageMediaType[] = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
];

export type AnthropicTextBlock = { type: 'text'; text: string };

export type AnthropicImageBlock = {
  type: 'image';
  source:
    | { type: 'base64'; media_type: AnthropicImageMediaType; data: string }
    | { type: 'url'; url: string };
};

export type AnthropicDocumentBlock = {
  type: 'document';
  source:
    | { type: 'base64'; media_type: 'application/pdf'; data: string }
    | { type: 'url'; url: string }
    | { type: 'text'; media_type: 'text/plain'; data: string };
  title?: string;
};

export type AnthropicContentBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicDocumentBlock;

export type AnthropicMessage = {
  role: 'user' | 'assistant';
  content: AnthropicContentBlock[];
};

export type AnthropicOutputConfig = {
  format: { type: 'json_schema'; schema: { [key: string]: unknown } };
};

export type AnthropicMessagesBody = {
  model: string;
  max_tokens: number;
  system?: string;
  messages: AnthropicMessage[];
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  output_config?: AnthropicOutputConfig;
};
