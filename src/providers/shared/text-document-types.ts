/**
 * MIME types a textual attachment may carry after the attachments stage (which reduces HTML to
 * text, and re-encodes other charsets as UTF-8): every vendor that takes text documents takes
 * these, as text.
 */
export const textDocumentMimeTypes: readonly string[] = [
  'text/plain',
  'text/markdown',
  'text/csv',
  'text/tab-separated-values',
  'text/html',
  'text/xml',
  'application/json',
  'application/xml',
];
