import { describe, expect, it } from 'vitest';
import { readMedia } from '../../test/support/conversations.js';
import { htmlToTextPart } from './html-text.js';

describe('htmlToTextPart', () => {
  it('turns the fixture page into readable text, prefixed with its source', async () => {
    const part = await htmlToTextPart(readMedia('page.html').toString('utf8'), 'page.html');
    expect(part).toEqual({
      type: 'text',
      text: 'HTML document page.html:\n\nReturn policy\n\nItems can be returned within 30 days of delivery.',
    });
  });

  it('keeps lists and link targets, and drops tags, scripts and images', async () => {
    const html =
      '<h2>Steps</h2><ul><li>One</li><li>Two</li></ul><p>See <a href="https://example.com/faq">the FAQ</a>.</p>' +
      '<script>alert(1)</script><img src="data:image/png;base64,AAAA" alt="x">';
    const { text } = await htmlToTextPart(html, 'inline HTML');
    expect(text).toContain('Steps');
    expect(text).toContain(' * One\n * Two');
    expect(text).toContain('the FAQ [https://example.com/faq]');
    expect(text).not.toMatch(/<|alert|base64/);
  });
});
