/**
 * Pulls the JSON object out of a model's text reply. Native structured output returns bare JSON,
 * but JSON-mode fallbacks and some OpenAI-compatible servers wrap it in ```json fences or put a
 * sentence before it.
 */

export type ParsedModelJson =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: string };

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(text: string): Record<string, unknown> | undefined {
  const parsed = parseJson(text);
  return parsed !== undefined && isObject(parsed.value) ? parsed.value : undefined;
}

/** Contents of each fenced block (```json ... ``` or bare ```), in order. */
function fencedBlocks(text: string): string[] {
  return [...text.matchAll(/```[a-zA-Z0-9_-]*[^\S\n]*\n?([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** End index (exclusive) of the balanced `{...}` starting at `start`, skipping braces in strings. */
function balancedObjectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index += 1;
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if (character === '{') {
      depth += 1;
    } else if (character === '}') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return undefined;
}

function firstEmbeddedObject(text: string): Record<string, unknown> | undefined {
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    const end = balancedObjectEnd(text, start);
    // An unclosed brace in prose ("use { to ...") must not hide a later object.
    const value = end === undefined ? undefined : asObject(text.slice(start, end));
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * @example parseModelJson('Sure:\n```json\n{"sentiment": "positive"}\n```') // { ok: true, value: {...} }
 */
export function parseModelJson(text: string): ParsedModelJson {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  const candidates = [trimmed, ...fencedBlocks(trimmed).map((block) => block.trim())];
  for (const candidate of candidates) {
    const whole = parseJson(candidate);
    if (whole !== undefined) {
      // Valid JSON of another shape (an array, a string) is the model's answer, not a wrapper
      // around one: do not dig an object out of it.
      if (isObject(whole.value)) return { ok: true, value: whole.value };
      continue;
    }
    const embedded = firstEmbeddedObject(candidate);
    if (embedded !== undefined) return { ok: true, value: embedded };
  }
  const preview = trimmed.length > 200 ? `${trimmed.slice(0, 200)}…` : trimmed;
  return { ok: false, error: `the model's reply holds no JSON object: ${JSON.stringify(preview)}` };
}
