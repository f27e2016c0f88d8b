import { describe, expect, it } from 'vitest';
import { classifyUrl, redactUrl } from './url-references.js';

describe('classifyUrl', () => {
  it.each([
    ['https://example.com/a.png', 'http'],
    ['http://example.com/a.png', 'http'],
    ['HTTPS://EXAMPLE.com/a.png', 'http'],
    ['data:image/png;base64,aGk=', 'data'],
    ['gs://bucket/video.mp4', 'gcs'],
    ['https://www.youtube.com/watch?v=9hE5-98ZeCg', 'youtube'],
    ['https://youtube.com/watch?v=9hE5-98ZeCg&t=10', 'youtube'],
    ['https://m.youtube.com/watch?v=9hE5-98ZeCg', 'youtube'],
    ['https://youtu.be/9hE5-98ZeCg', 'youtube'],
    ['https://www.youtube.com/shorts/abc123', 'youtube'],
    ['https://www.youtube.com/channel/xyz', 'http'],
    ['https://notyoutube.com/watch?v=1', 'http'],
  ])('%s is %s', (url, type) => {
    expect(classifyUrl(url).type).toBe(type);
  });

  it.each([
    ['file:///etc/passwd', 'file:'],
    ['ftp://example.com/a.png', 'ftp:'],
    ['javascript:alert(1)', 'javascript:'],
    ['s3://bucket/key', 's3:'],
    ['not a url', 'a malformed URL'],
  ])('refuses %s', (url, scheme) => {
    expect(classifyUrl(url)).toEqual({ type: 'unsupported', scheme });
  });
});

describe('redactUrl', () => {
  it('drops user info, query values and fragments', () => {
    expect(redactUrl('https://user:secret@example.com/a/b.png?X-Amz-Signature=abc&token=xyz#frag')).toBe(
      'https://example.com/a/b.png?X-Amz-Signature=…&token=…',
    );
  });

  it('shows only the type of a data: URL', () => {
    expect(redactUrl('data:image/png;base64,aGVsbG8=')).toBe('data:image/png,…');
  });

  it('leaves a plain URL alone', () => {
    expect(redactUrl('https://example.com/a.png')).toBe('https://example.com/a.png');
  });
});
