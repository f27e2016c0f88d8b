/**
 * The attachments policy of issue 3 as one table: every media fixture × every provider -> the
 * exact native part the vendor gets, or the reason of the exact 422 `unsupported_modality`.
 * Read a row to see how one file travels to every vendor; read a column to see one vendor's
 * whole capability table. Expected base64 is computed from the fixture bytes, never taken from
 * the gateway.
 */

import { base64Of, dataUrlOf, modelAliases, textOf, textPart, type ModelAlias } from './helpers.js';

/** A fixture as the gateway should send it, once its bytes are sniffed. */
export interface SentMedia {
  readonly fixture: string;
  /** The loopback URL it was served from. */
  readonly url: string;
  /** The MIME type the gateway must send (sniffed from the bytes). */
  readonly mimeType: string;
}

export type Cell =
  | { readonly type: 'part'; readonly build: (media: SentMedia, model: ModelAlias) => unknown }
  | { readonly type: 'refused'; readonly reason: (provider: string, kind: string) => string };

const part = (build: (media: SentMedia, model: ModelAlias) => unknown): Cell => ({ type: 'part', build });
const refused = (reason: (provider: string, kind: string) => string): Cell => ({ type: 'refused', reason });

// ---- the native parts -------------------------------------------------------------------

/** The PDF filename OpenAI wants, made from the part's place when the item names none. */
const pdfFilename = 'p1-part-1.pdf';

const chatImage = part((m) => ({ type: 'image_url', image_url: { url: dataUrlOf(m.mimeType, m.fixture) } }));
const chatPdf = part((m) => ({ type: 'file', file: { filename: pdfFilename, file_data: dataUrlOf(m.mimeType, m.fixture) } }));
const inputAudio = (format: 'wav' | 'mp3'): Cell =>
  part((m) => ({ type: 'input_audio', input_audio: { data: base64Of(m.fixture), format } }));
const audioUrl = part((m) => ({ type: 'audio_url', audio_url: { url: dataUrlOf(m.mimeType, m.fixture) } }));
const videoUrl = part((m) => ({ type: 'video_url', video_url: { url: dataUrlOf(m.mimeType, m.fixture) } }));
/** OpenAI has no text-document part: the file's text goes in a delimited text part. */
const textDocument = part((m, model) => textPart(model, `<document>\n${textOf(m.fixture)}\n</document>`));

const responsesImage = part((m) => ({ type: 'input_image', image_url: dataUrlOf(m.mimeType, m.fixture), detail: 'auto' }));
const responsesPdf = part((m) => ({ type: 'input_file', filename: pdfFilename, file_data: dataUrlOf(m.mimeType, m.fixture) }));

const claudeImage = part((m) => ({ type: 'image', source: { type: 'base64', media_type: m.mimeType, data: base64Of(m.fixture) } }));
const claudePdf = part((m) => ({
  type: 'document',
  source: { type: 'base64', media_type: 'application/pdf', data: base64Of(m.fixture) },
}));
const claudeTextDocument = part((m) => ({ type: 'document', source: { type: 'text', media_type: 'text/plain', data: textOf(m.fixture) } }));

/** Gemini takes bytes as `inlineData`, in Google's spelling of the MIME type. */
const geminiInline = (googleMimeType?: string): Cell =>
  part((m) => ({ inlineData: { mimeType: googleMimeType ?? m.mimeType, data: base64Of(m.fixture) } }));
const inline = geminiInline();

/** HTML is fetched, stripped of its tags and sent as the vendor's plain text part. */
export const htmlAsText = (url: string): string =>
  `HTML document ${url}:\n\nReturn policy\n\nItems can be returned within 30 days of delivery.`;
const html = part((m, model) => textPart(model, htmlAsText(m.url)));

// ---- the refusals -----------------------------------------------------------------------

/** The vendor has no part type for this kind at all. */
const NO = refused((provider, kind) => `${provider} does not accept ${kind} input`);
const onlyAs = (...mimeTypes: string[]): Cell =>
  refused((provider, kind) => `${provider} accepts ${kind} only as ${mimeTypes.join(', ')}`);
/** Gemini's documented image types (no GIF) and the alias it folds into image/jpeg. */
const geminiImages = onlyAs('image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif', 'image/jpg');
/** `input_audio` takes wav and mp3 only, in every spelling of the two. */
const wavOrMp3 = onlyAs('audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave', 'audio/mpeg', 'audio/mp3');

// ---- the matrix -------------------------------------------------------------------------

export interface Modality {
  /** The `mimeType` the editor declares (png-named-as.jpg lies: it says image/jpeg). */
  readonly declared: string;
  /** The typed content item for this file (`notes.txt` has none of its own: `document`). */
  readonly item: 'image' | 'video' | 'audio' | 'pdf' | 'html' | 'document';
  /** The kind and MIME type the gateway must find in the bytes. */
  readonly kind: 'image' | 'video' | 'audio' | 'pdf' | 'text';
  readonly sent: string;
  /** One cell per provider column, in {@link modelAliases} order. */
  readonly cells: Readonly<Record<ModelAlias, Cell>>;
}

type Row = [Cell, Cell, Cell, Cell, Cell, Cell];

function modality(declared: string, item: Modality['item'], kind: Modality['kind'], sent: string, row: Row): Modality {
  const cells = Object.fromEntries(modelAliases.map((alias, column) => [alias, row[column]])) as Record<ModelAlias, Cell>;
  return { declared, item, kind, sent, cells };
}

//                                                                         openai          responses        anthropic           gemini                   compatible    compatible+accepts
export const matrix: Readonly<Record<string, Modality>> = {
  'image.png':        modality('image/png',       'image', 'image', 'image/png',       [chatImage,      responsesImage,  claudeImage,        inline,                  chatImage,    chatImage]),
  'image.jpg':        modality('image/jpeg',      'image', 'image', 'image/jpeg',      [chatImage,      responsesImage,  claudeImage,        inline,                  chatImage,    chatImage]),
  'image.gif':        modality('image/gif',       'image', 'image', 'image/gif',       [chatImage,      responsesImage,  claudeImage,        geminiImages,            chatImage,    chatImage]),
  'image.webp':       modality('image/webp',      'image', 'image', 'image/webp',      [chatImage,      responsesImage,  claudeImage,        inline,                  chatImage,    chatImage]),
  'png-named-as.jpg': modality('image/jpeg',      'image', 'image', 'image/png',       [chatImage,      responsesImage,  claudeImage,        inline,                  chatImage,    chatImage]),
  'document.pdf':     modality('application/pdf', 'pdf',   'pdf',   'application/pdf', [chatPdf,        responsesPdf,    claudePdf,          inline,                  NO,           chatPdf]),
  'audio.wav':        modality('audio/wav',       'audio', 'audio', 'audio/wav',       [inputAudio('wav'), NO,           NO,                 inline,                  NO,           inputAudio('wav')]),
  'audio.mp3':        modality('audio/mpeg',      'audio', 'audio', 'audio/mpeg',      [inputAudio('mp3'), NO,           NO,                 geminiInline('audio/mp3'), NO,         inputAudio('mp3')]),
  'audio.ogg':        modality('audio/ogg',       'audio', 'audio', 'audio/ogg',       [wavOrMp3,       NO,              NO,                 inline,                  NO,           audioUrl]),
  'video.mp4':        modality('video/mp4',       'video', 'video', 'video/mp4',       [NO,             NO,              NO,                 inline,                  NO,           videoUrl]),
  'video.webm':       modality('video/webm',      'video', 'video', 'video/webm',      [NO,             NO,              NO,                 inline,                  NO,           videoUrl]),
  'page.html':        modality('text/html',       'html',  'text',  'text/html',       [html,           html,            html,               html,                    html,         html]),
  'notes.txt':        modality('text/plain',      'document', 'text', 'text/plain',    [textDocument,   textDocument,    claudeTextDocument, inline,                  textDocument, textDocument]),
};
