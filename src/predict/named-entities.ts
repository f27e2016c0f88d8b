/**
 * Named-entity offsets, computed by the gateway from the entity text a model returned; a model's
 * own offsets are never trusted (models count tokens, not characters). Offsets are Unicode code
 * points as Python counts them (an emoji is 1, a combining mark is 1 on its own), end exclusive.
 */

export interface EntitySpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface EntityMention {
  readonly text: string;
  readonly label: string;
}

export interface LocatedEntities {
  /** Spans per label, each list sorted by start. Labels with no span found are absent. */
  readonly spansByLabel: ReadonlyMap<string, readonly EntitySpan[]>;
  /** Mentions whose text does not occur in the source; dropped, so the caller can warn. */
  readonly notFound: number;
}

const wordCharacter = /[\p{L}\p{N}\p{M}_]/u;

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && wordCharacter.test(character);
}

/** Code point ending just before UTF-16 index `index` (steps over a surrogate pair). */
function codePointBefore(source: string, index: number): string | undefined {
  if (index <= 0) return undefined;
  const low = source.charCodeAt(index - 1);
  const isLowSurrogate = low >= 0xdc00 && low <= 0xdfff;
  const start = isLowSurrogate && index >= 2 ? index - 2 : index - 1;
  const codePoint = source.codePointAt(start);
  return codePoint === undefined ? undefined : String.fromCodePoint(codePoint);
}

function codePointAt(source: string, index: number): string | undefined {
  const codePoint = source.codePointAt(index);
  return codePoint === undefined ? undefined : String.fromCodePoint(codePoint);
}

/**
 * Converts UTF-16 indexes (what `indexOf` gives) to code-point offsets; built once per source.
 */
export class CodePointIndex {
  private readonly offsets: Uint32Array;

  constructor(readonly source: string) {
    this.offsets = new Uint32Array(source.length + 1);
    let codePoints = 0;
    for (let index = 0; index < source.length; index += 1) {
      this.offsets[index] = codePoints;
      const unit = source.charCodeAt(index);
      // A high surrogate and its low surrogate are one code point; the low one maps to the same offset.
      const isHigh = unit >= 0xd800 && unit <= 0xdbff;
      if (isHigh && index + 1 < source.length) {
        this.offsets[index + 1] = codePoints;
        index += 1;
      }
      codePoints += 1;
    }
    this.offsets[source.length] = codePoints;
  }

  codePointOffset(utf16Index: number): number {
    return this.offsets[utf16Index] ?? 0;
  }
}

function occurrences(index: CodePointIndex, text: string, wholeWordsOnly: boolean): EntitySpan[] {
  const { source } = index;
  const spans: EntitySpan[] = [];
  let from = 0;
  for (let at = source.indexOf(text, from); at !== -1; at = source.indexOf(text, from)) {
    const end = at + text.length;
    // An edge that is a word character must not continue a word ("Bob" is not in "Bobby").
    const startsWord = !isWordCharacter(codePointAt(text, 0)) || !isWordCharacter(codePointBefore(source, at));
    const endsWord = !isWordCharacter(codePointBefore(text, text.length)) || !isWordCharacter(codePointAt(source, end));
    if (!wholeWordsOnly || (startsWord && endsWord)) {
      spans.push({ start: index.codePointOffset(at), end: index.codePointOffset(end), text });
      from = end; // non-overlapping, left to right
    } else {
      from = at + 1;
    }
  }
  return spans;
}

/**
 * Every non-overlapping occurrence of `text` in the source, left to right. Whole-word matches
 * win; when there are none (CJK has no spaces between words, or the entity is part of a longer
 * word), plain substring matches are used.
 */
export function findEntitySpans(index: CodePointIndex, text: string): EntitySpan[] {
  if (text === '') return [];
  const wholeWords = occurrences(index, text, true);
  return wholeWords.length > 0 ? wholeWords : occurrences(index, text, false);
}

/**
 * Locates each distinct (label, text) mention once: a model that lists "Tom" twice because Tom
 * appears twice still gets exactly one span per occurrence.
 */
export function locateEntityMentions(sourceText: string, mentions: readonly EntityMention[]): LocatedEntities {
  const index = new CodePointIndex(sourceText);
  const spansByLabel = new Map<string, EntitySpan[]>();
  const seen = new Set<string>();
  let notFound = 0;
  for (const mention of mentions) {
    // Models pad mentions with spaces; the span should cover the words only.
    const text = mention.text.trim();
    const identity = JSON.stringify([mention.label, text]);
    if (seen.has(identity)) continue;
    seen.add(identity);
    const spans = findEntitySpans(index, text);
    if (spans.length === 0) {
      notFound += 1;
      continue;
    }
    spansByLabel.set(mention.label, [...(spansByLabel.get(mention.label) ?? []), ...spans]);
  }
  for (const [label, spans] of spansByLabel) {
    spansByLabel.set(
      label,
      spans.toSorted((left, right) => left.start - right.start || left.end - right.end),
    );
  }
  return { spansByLabel, notFound };
}
