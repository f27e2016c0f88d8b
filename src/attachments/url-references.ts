/**
 * What an attachment URL is, before anything is fetched: a `data:` URL, an http(s) URL the
 * gateway may fetch, or a URI only a vendor can read (gs://, YouTube). Every other scheme is
 * refused. Also the redaction used whenever a URL appears in an error or a warning.
 */

export type UrlReference =
  | { readonly type: 'data'; readonly url: string }
  | { readonly type: 'http'; readonly url: URL }
  /** Cloud Storage: Gemini reads it as `fileData.fileUri`; nobody else can. */
  | { readonly type: 'gcs'; readonly url: string }
  /** A YouTube video page: Gemini reads it as `fileData.fileUri`; there is no file to fetch. */
  | { readonly type: 'youtube'; readonly url: string }
  | { readonly type: 'unsupported'; readonly scheme: string };

const youtubeHosts: ReadonlySet<string> = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be']);

/**
 * The MIME type a YouTube link is sent with. Vertex AI's examples pass YouTube links as
 * `video/mp4` file URIs; a converter that omits `mimeType` for them may ignore it.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/video-understanding
 */
export const youtubeMimeType = 'video/mp4';

export function classifyUrl(raw: string): UrlReference {
  const trimmed = raw.trim();
  if (/^data:/i.test(trimmed)) return { type: 'data', url: trimmed };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { type: 'unsupported', scheme: 'a malformed URL' };
  }
  switch (url.protocol) {
    case 'https:':
    case 'http:':
      return isYouTubeUrl(url) ? { type: 'youtube', url: url.href } : { type: 'http', url };
    case 'gs:':
      return url.hostname === '' ? { type: 'unsupported', scheme: 'gs: without a bucket' } : { type: 'gcs', url: trimmed };
    default:
      return { type: 'unsupported', scheme: url.protocol };
  }
}

/** youtube.com/watch?v=…, youtube.com/shorts/…, youtu.be/… */
export function isYouTubeUrl(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  if (!youtubeHosts.has(host)) return false;
  if (host === 'youtu.be') return url.pathname.length > 1;
  return (url.pathname === '/watch' && url.searchParams.has('v')) || url.pathname.startsWith('/shorts/');
}

/**
 * A URL safe to show in an error, a warning or a log: no user name or password, and query
 * values replaced (signed URLs carry their credentials there).
 */
export function redactUrl(raw: string | URL): string {
  let url: URL;
  try {
    url = new URL(raw.toString());
  } catch {
    return '<unparseable URL>';
  }
  if (url.protocol === 'data:') return `data:${url.pathname.split(/[;,]/)[0] ?? ''},…`;
  url.username = '';
  url.password = '';
  const names = [...url.searchParams.keys()];
  url.search = names.length === 0 ? '' : `?${names.map((name) => `${encodeURIComponent(name)}=…`).join('&')}`;
  url.hash = '';
  return url.href.replace(/=%E2%80%A6/g, '=…');
}
