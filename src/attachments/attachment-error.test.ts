import { describe, expect, it } from 'vitest';
import { attachmentError, partPath } from './attachment-error.js';

describe('attachmentError', () => {
  it('names the part in the message and locates it in details', () => {
    const error = attachmentError('unsupported_content', { messageId: 'p1', index: 2 }, 'the attachment is empty', { extra: 1 });
    expect(error).toMatchObject({ code: 'unsupported_content', status: 400, message: 'message "p1", part 2: the attachment is empty' });
    expect(error.details).toEqual([
      { path: 'messages.p1.content.2', message: 'the attachment is empty', messageId: 'p1', index: 2, extra: 1 },
    ]);
  });

  it('locates data-row attachments under data_row.attachments', () => {
    expect(partPath({ messageId: 'data_row.attachments', index: 0 })).toBe('data_row.attachments.0');
  });
});
