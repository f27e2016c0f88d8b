/**
 * HTML attachments become a chat text part for every vendor: no vendor takes HTML as a file,
 * and markup costs tokens without helping the model. html-to-text keeps the structure readable
 * (headings on their own lines, list bullets, link targets in brackets); images are dropped
 * because their `src` may be a long data: URL the model cannot see anyway.
 *
 * @see https://github.com/html-to-text/node-html-to-text/blob/master/packages/html-to-text/README.md
 */

import type * as HtmlToText from 'html-to-text';
import type { HtmlToTextOptions } from 'html-to-text';
import type { TextPart } from '../conversation/conversation.js';

const headingSelectors = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

const conversionOptions: HtmlToTextOptions = {
  // The model reads long lines fine; hard wrapping would only break sentences.
  wordwrap: false,
  selectors: [
    ...headingSelectors,
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkIfSameAsText: true, ignoreHref: false } },
    { selector: 'table', format: 'dataTable' },
  ],
};

/** The line naming a page above its text, so the model knows where the text came from. */
export function htmlHeading(source: string): string {
  return `HTML document ${source}:\n\n`;
}

let converter: Promise<typeof HtmlToText> | undefined;

/** Loaded with the first HTML attachment: most deployments never see one. */
function loadConverter(): Promise<typeof HtmlToText> {
  converter ??= import('html-to-text');
  return converter;
}

/** `source` names where the page came from (a file name or a redacted URL). */
export async function htmlToTextPart(html: string, source: string): Promise<TextPart> {
  const { convert } = await loadConverter();
  const text = convert(html, conversionOptions).trim();
  return { type: 'text', text: `${htmlHeading(source)}${text}` };
}

/** The page's own text, without the heading the gateway added (entity offsets count in it). */
export function withoutHtmlHeading(text: string): string {
  const match = /^HTML document [^\n]*:\n\n/.exec(text);
  return match === null ? text : text.slice(match[0].length);
}
