/**
 * OpenAI takes no "text document" part, so a textual attachment (plain text, CSV, Markdown,
 * HTML already reduced to text) travels as a text part. The filename goes with it, inside a
 * delimiter the model can see, so "summarise notes.txt" still makes sense to it.
 */

import type { InlineData } from '../../conversation/inline-data.js';

export function textDocumentAsText(data: InlineData, filename: string | undefined): string {
  const opening = filename === undefined ? '<document>' : `<document filename=${JSON.stringify(filename)}>`;
  return `${opening}\n${data.text()}\n</document>`;
}

