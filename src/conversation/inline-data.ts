/**
 * Attachment bytes held once per request. Base64 is what every vendor wants, and producing it
 * is the expensive step for a large file, so it is computed at most once and shared by every
 * converter call (and kept when the bytes arrived as base64 in the first place).
 */
export class InlineData {
  #bytes: Buffer | undefined;
  #base64: string | undefined;
  /** The `data:` URL the base64 arrived in, when it is exactly `data:<type>;base64,<#base64>`. */
  #sourceDataUrl: string | undefined;

  private constructor(bytes: Buffer | undefined, base64: string | undefined) {
    this.#bytes = bytes;
    this.#base64 = base64;
  }

  static fromBytes(bytes: Buffer): InlineData {
    return new InlineData(bytes, undefined);
  }

  /** The caller has checked the string is valid base64 (see `decodeBase64Strict`). */
  static fromBase64(base64: string): InlineData {
    return new InlineData(undefined, base64);
  }

  get bytes(): Buffer {
    this.#bytes ??= Buffer.from(this.#base64 ?? '', 'base64');
    return this.#bytes;
  }

  /**
   * The first `count` bytes (or all, if fewer). When only base64 is held, just that prefix is
   * decoded: sniffing a 5 MB image's type needs its first few kilobytes, not a decoded copy.
   */
  head(count: number): Buffer {
    if (this.#bytes !== undefined) return this.#bytes.subarray(0, count);
    const characters = Math.ceil(count / 3) * 4;
    return Buffer.from((this.#base64 ?? '').slice(0, characters), 'base64').subarray(0, count);
  }

  get byteLength(): number {
    if (this.#bytes !== undefined) return this.#bytes.byteLength;
    return base64DecodedLength(this.#base64 ?? '');
  }

  base64(): string {
    this.#base64 ??= (this.#bytes ?? Buffer.alloc(0)).toString('base64');
    return this.#base64;
  }

  /**
   * Remembers the `data:` URL whose tail is exactly this base64, so `dataUrl` can hand the caller's own
   * string back instead of building (and later flattening) a multi-megabyte copy of it.
   */
  keepSourceDataUrl(url: string): this {
    // The caller vouches for the tail; only the cheap length check is repeated here.
    if (this.#base64 !== undefined && url.length > this.#base64.length) this.#sourceDataUrl = url;
    return this;
  }

  /** `data:<mime>;base64,<data>`: the form OpenAI takes for inline images and files. */
  dataUrl(mimeType: string): string {
    const base64 = this.base64();
    const prefix = `data:${mimeType};base64,`;
    const source = this.#sourceDataUrl;
    if (source !== undefined && source.length === prefix.length + base64.length && source.startsWith(prefix)) return source;
    return prefix + base64;
  }

  /** The bytes read as UTF-8 text (text documents). */
  text(): string {
    return this.bytes.toString('utf8');
  }
}

function base64DecodedLength(base64: string): number {
  let padding = 0;
  if (base64.endsWith('==')) padding = 2;
  else if (base64.endsWith('=')) padding = 1;
  return Math.floor((base64.length * 3) / 4) - padding;
}
